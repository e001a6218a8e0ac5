export { monitoringApiRef } from './MonitoringApi';
export type { MonitoringApi, PanelsRequest } from './MonitoringApi';
export { MonitoringClient } from './MonitoringClient';
