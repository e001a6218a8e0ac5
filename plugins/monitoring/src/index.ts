/**
 * Festivals Monitoring frontend plugin for catalog entities: the Metrics tab (the seed's dashboard
 * panels), the Alerts tab (alerts, rules, silences) and the overview health card. Logs and
 * Runbooks tabs are planned, not built yet.
 *
 * @packageDocumentation
 */
export {
  monitoringPlugin,
  EntityMonitoringMetricsContent,
  EntityMonitoringHealthCard,
  EntityMonitoringAlertsContent,
} from './plugin';
export { monitoringApiRef, MonitoringClient } from './api';
export type { MonitoringApi, PanelsRequest } from './api';
export { isMonitoringAvailable } from '@internal/plugin-monitoring-common';
