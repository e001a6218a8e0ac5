/**
 * Isomorphic monitoring library: annotations, panel catalog, PromQL and LogQL building, range→step maths, Prometheus
 * durations, the seed's alert thresholds, permissions and the DTOs exchanged between the monitoring frontend and backend.
 *
 * @packageDocumentation
 */
export * from './alertPanels';
export * from './alerts';
export * from './alertScope';
export * from './alertSummary';
export * from './annotations';
export * from './diagnosticLogql';
export * from './diagnostics';
export * from './durations';
export * from './escaping';
export * from './health';
export * from './kubernetesNames';
export * from './labelNames';
export * from './logql';
export * from './logs';
export * from './panels';
export * from './permissions';
export * from './rangeStep';
export * from './runbooks';
export * from './runbookSteps';
export * from './scope';
export * from './slo';
export * from './sloPanels';
export * from './teamRunbooks';
export * from './thresholds';
export * from './types';
