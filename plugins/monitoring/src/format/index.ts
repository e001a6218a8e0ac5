/** The one place that turns values and times into text (and time inputs back into times). */
export { formatValue } from './values';
export { formatElapsed, formatFor } from './elapsed';
export {
  chartTickFormatter,
  formatChartTooltip,
  formatDateTime,
  formatLogTime,
  isoUtc,
  nsToMillis,
  parseIsoUtc,
} from './timestamps';
export { formatRangeLine } from './rangeLine';
export { formatStepWords } from './stepWords';
export {
  formatClock,
  formatDuration,
  formatStarted,
  formatUpdated,
  fromTimeInput,
  toTimeInput,
  TIME_INPUT_FORMAT,
  TIME_INPUT_HINT,
} from './clock';
export {
  localZoneName,
  parseTimeZone,
  TIME_ZONE_CHOICES,
  zoneLabel,
} from './zone';
export type { TimeZoneChoice } from './zone';
export { timeTicks } from './ticks';
