/**
 * Festivals Monitoring frontend plugin for catalog entities: the Metrics tab (the seed's dashboard
 * panels, with a pivot from any chart's window to its logs), the Alerts tab (alerts, rules,
 * silences), the Logs tab (the entity's Loki lines, the guide's LogQL views, volume and trace
 * links) and the overview health card. A Runbooks tab is planned, not built yet.
 *
 * @packageDocumentation
 */
export {
  monitoringPlugin,
  EntityMonitoringMetricsContent,
  EntityMonitoringHealthCard,
  EntityMonitoringAlertsContent,
  EntityMonitoringLogsContent,
} from './plugin';
export { monitoringApiRef, MonitoringClient } from './api';
export type { LogVolumeRequest, MonitoringApi, PanelsRequest } from './api';
export { isMonitoringAvailable } from '@internal/plugin-monitoring-common';
