/**
 * Test code in one place: stand-ins (contract servers), port helpers, catalog entity fixtures,
 * fast-firing alert rules, PromQL reading helpers and the launcher of the whole product.
 * Product packages use it as a devDependency only.
 */
export { assertPortFree, closedPort, freePort } from './ports';
export { component, monitoredComponent } from './fixtures/entities';
export type {
  ComponentOptions,
  MonitoredComponentOptions,
} from './fixtures/entities';
export { startKubernetesApiContractServer } from './contracts/kubernetesApiContract';
export type {
  KubernetesApiContractServer,
  RecordedRequest,
} from './contracts/kubernetesApiContract';
export { comparedConstants, selectorsOf, shapeOf } from './promql';
export type { Selector } from './promql';
export { fastFestivalsRulesFile } from './rules/fastRules';
export type { FastRulesOptions } from './rules/fastRules';
export { startProduct } from './product/startProduct';
export type { ProductOptions, RunningProduct } from './product/startProduct';
export { respondJson, startRecordingServer } from './servers/recordingServer';
export type { ReceivedRequest } from './servers/recordingServer';
