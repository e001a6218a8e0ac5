/** The one place that turns values and times into text (and range inputs back into times). */
export { formatValue } from './values';
export { formatElapsed, formatFor } from './elapsed';
export {
  chartTickFormatter,
  formatChartTooltip,
  formatLogTime,
  formatTimestamp,
  formatUtc,
  fromLocalInput,
  isoUtc,
  nsToMillis,
  parseIsoUtc,
  toLocalInput,
} from './timestamps';
export { formatRangeLine } from './rangeLine';
