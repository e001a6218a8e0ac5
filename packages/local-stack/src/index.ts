export { startStack, DEFAULT_WORKLOADS, FESTIVALS_NAMESPACE } from './stack.ts';
export type { RunningStack, StackOptions, WorkloadSpec } from './stack.ts';
export {
  startPrometheus,
  startAlertmanager,
  festivalsRulesFile,
  prometheusConfig,
  alertmanagerConfig,
  alertmanagerConfigFile,
} from './processes.ts';
export type { RunningServer, AlertmanagerConfigVariant } from './processes.ts';
export { startWorkload } from './workload.ts';
export { startWebhookSink } from './sink.ts';
export { freePort, waitForHttp } from './net.ts';
export { hasBinary, requireBinaries } from './binaries.ts';
export { repoRoot } from './paths.ts';
export { waitForPrometheusValue } from './history.ts';
export { createFestivalsMetrics } from './festivalsMetrics.ts';
export type { FestivalsMetrics } from './festivalsMetrics.ts';
export { startClusterExporter } from './clusterExporter.ts';
export type { RunningClusterExporter } from './clusterExporter.ts';
export { simulatedPods, CONTAINER_LIMITS } from './clusterMetrics.ts';
export type { ClusterWorkload, SimulatedPod } from './clusterMetrics.ts';
export { startLokiStandIn } from './loki/server.ts';
export type { RunningLokiStandIn, LokiStandInOptions } from './loki/server.ts';
export { startKubernetesStandIn } from './kubernetes/server.ts';
export type {
  KubernetesStandInOptions,
  RunningKubernetesStandIn,
} from './kubernetes/server.ts';
export type {
  ClusterSource,
  ServiceScenario,
  TerminationReason,
} from './kubernetes/clusterState.ts';
export { shortenedFestivalsRulesFile } from './fastRules.ts';
export { startIncidentControl } from './incident/control.ts';
export type {
  IncidentControlOptions,
  RunningIncidentControl,
} from './incident/control.ts';
export { INCIDENTS, findIncident } from './incident/scenarios.ts';
export type {
  IncidentChanges,
  IncidentScenario,
} from './incident/scenarios.ts';
export type { WorkloadKnobs } from './workloadKnobs.ts';
export { startRepositoryHost } from './repositories.ts';
export type { RunningRepositoryHost } from './repositories.ts';
export { PrometheusOperatorStandIn } from './operator.ts';
