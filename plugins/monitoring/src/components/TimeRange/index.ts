export { TimeRangePicker } from './TimeRangePicker';
export { useTimeRange } from './useTimeRange';
export { resolveRange } from './timeRange';
export type { TimeRange } from './timeRange';
export { TimeZoneSwitch } from './TimeZoneSwitch';
