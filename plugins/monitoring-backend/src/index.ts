/**
 * Festivals Monitoring backend plugin. Its upstream clients and their service refs (to swap
 * them in tests) are in `@internal/plugin-monitoring-node`.
 *
 * @packageDocumentation
 */
export { monitoringPlugin as default } from './plugin';
