/**
 * Festivals Monitoring frontend plugin: Metrics, Logs, Alerts and Runbooks for catalog entities.
 *
 * @packageDocumentation
 */
export {
  monitoringPlugin,
  EntityMonitoringMetricsContent,
  EntityMonitoringHealthCard,
  EntityMonitoringAlertsContent,
} from './plugin';
export {
  monitoringApiRef,
  MonitoringClient,
  alertsApiRef,
  AlertsClient,
} from './api';
export type { MonitoringApi, PanelsRequest, AlertsApi } from './api';
export { isMonitoringAvailable } from '@internal/plugin-monitoring-common';
