/** The one place that turns values and times into text (and range inputs back into times). */
export { formatValue } from './values';
export { formatElapsed, formatFor } from './elapsed';
export {
  chartTickFormatter,
  formatChartTooltip,
  formatTimestamp,
  formatUtc,
  fromLocalInput,
  isoUtc,
  parseIsoUtc,
  toLocalInput,
} from './timestamps';
export { formatRangeLine } from './rangeLine';
