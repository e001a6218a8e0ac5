/**
 * Node library of Festivals Monitoring, shared by the monitoring backend plugin and the
 * scaffolder module: the upstream instance config (`monitoring.prometheus`,
 * `monitoring.alertmanager`, `monitoring.loki`, `monitoring.kubernetes`, read and validated
 * once at start), the one upstream HTTP helper (whole-exchange timeout, body size cap, schema
 * check, one error class, `monitoring_upstream_*` metrics), a client per upstream with its
 * service ref, and the zod → InputError request parser.
 *
 * Imports go one way: common ← node ← backend / scaffolder module.
 *
 * @packageDocumentation
 */

// Only what the backend plugin and the scaffolder module use (and the types those name).
export type {
  LokiInstance,
  PrometheusInstance,
  UpstreamInstance,
} from './config/readInstances';
export { UpstreamRequestError } from './http/UpstreamRequestError';
export {
  MonitoringMetrics,
  monitoringMetricsServiceRef,
  type Upstream,
  type UpstreamOutcome,
} from './metrics/MonitoringMetrics';
export {
  PrometheusClient,
  prometheusClientServiceRef,
} from './prometheus/PrometheusClient';
export type {
  PrometheusAlertingRule,
  PrometheusData,
  PrometheusLoadedRuleGroup,
  PrometheusRecordingRule,
  PrometheusResponse,
  PrometheusRuleGroup,
  PrometheusSample,
  PrometheusTarget,
} from './prometheus/types';
export {
  AlertmanagerClient,
  alertmanagerClientServiceRef,
  type AlertmanagerInstance,
} from './alertmanager/AlertmanagerClient';
export type {
  AlertmanagerAlert,
  AlertmanagerNewSilence,
  AlertmanagerSilence,
} from './alertmanager/types';
export { LokiClient, lokiClientServiceRef } from './loki/LokiClient';
export type {
  LokiEntry,
  LokiQueryData,
  LokiQueryRangeParams,
  LokiSample,
  LokiStream,
} from './loki/types';
export {
  KubernetesClient,
  KubernetesRequestError,
  kubernetesClientServiceRef,
  type KubernetesFailure,
  type KubernetesPodMetrics,
} from './kubernetes/KubernetesClient';
export type { KubernetesCluster } from './kubernetes/readClusters';
export { parseRequest, type SafeParseResult } from './request/parseRequest';
