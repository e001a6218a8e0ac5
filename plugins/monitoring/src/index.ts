/**
 * Festivals Monitoring frontend plugin: Metrics, Logs, Alerts and Runbooks for catalog entities.
 *
 * @packageDocumentation
 */
export {
  monitoringPlugin,
  EntityMonitoringMetricsContent,
  EntityMonitoringHealthCard,
} from './plugin';
export { monitoringApiRef, MonitoringClient } from './api';
export type { MonitoringApi, PanelsRequest } from './api';
export { isMonitoringAvailable } from '@internal/plugin-monitoring-common';
