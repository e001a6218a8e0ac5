export { usePolling } from './usePolling';
export { useTimeZone } from './useTimeZone';
