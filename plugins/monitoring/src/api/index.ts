export { monitoringApiRef } from './MonitoringApi';
export type {
  DiagnosticsRequest,
  LogVolumeRequest,
  MonitoringApi,
  PanelsRequest,
} from './MonitoringApi';
export { MonitoringClient } from './MonitoringClient';
