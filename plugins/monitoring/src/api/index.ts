export { monitoringApiRef } from './MonitoringApi';
export type {
  LogVolumeRequest,
  MonitoringApi,
  PanelsRequest,
} from './MonitoringApi';
export { MonitoringClient } from './MonitoringClient';
