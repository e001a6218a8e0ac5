export { monitoringApiRef } from './MonitoringApi';
export type { MonitoringApi, PanelsRequest } from './MonitoringApi';
export { MonitoringClient } from './MonitoringClient';
export { alertsApiRef } from './AlertsApi';
export type { AlertsApi } from './AlertsApi';
export { AlertsClient } from './AlertsClient';
