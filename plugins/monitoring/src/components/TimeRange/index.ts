export { TimeRangePicker } from './TimeRangePicker';
export { useTimeRange } from './useTimeRange';
export { usePageVisible } from './usePageVisible';
export { resolveRange } from './timeRange';
export type { TimeRange } from './timeRange';
