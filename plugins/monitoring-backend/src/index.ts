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
