export { usePolling } from './usePolling';
