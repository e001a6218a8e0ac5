/**
 * Festivals Monitoring frontend plugin for catalog entities: the Metrics tab (the seed's dashboard
 * panels, with a pivot from any chart's window to its logs), the Alerts tab (alerts, rules,
 * silences), the Logs tab (the entity's Loki lines, the guide's LogQL views, volume and trace
 * links), the Runbooks tab (the guide's runbooks with live Kubernetes diagnostics) and the
 * overview health card.
 *
 * @packageDocumentation
 */
export {
  monitoringPlugin,
  EntityMonitoringMetricsContent,
  EntityMonitoringHealthCard,
  EntityMonitoringAlertsContent,
  EntityMonitoringLogsContent,
  EntityMonitoringRunbooksContent,
  EntityMonitoringSetupCard,
} from './plugin';
export { monitoringApiRef, MonitoringClient } from './api';
export type {
  DiagnosticsRequest,
  LogVolumeRequest,
  MonitoringApi,
  PanelsRequest,
} from './api';
export { isMonitoringAvailable } from '@internal/plugin-monitoring-common';
