/**
 * Festivals Monitoring backend plugin.
 *
 * @packageDocumentation
 */
export { monitoringPlugin as default } from './plugin';
export {
  PrometheusClient,
  prometheusClientServiceRef,
} from './services/PrometheusClient';
export {
  AlertmanagerClient,
  AlertmanagerRequestError,
  alertmanagerClientServiceRef,
} from './services/AlertmanagerClient';
export type {
  AlertmanagerAlert,
  AlertmanagerInstance,
  AlertmanagerSilence,
} from './services/AlertmanagerClient';
