export { MonitoringSetupCard } from './MonitoringSetupCard';
