/**
 * Isomorphic monitoring library: annotations, panel catalog, PromQL building, range maths and
 * the DTOs exchanged between the monitoring frontend and backend.
 *
 * @packageDocumentation
 */
export * from './alerts';
export * from './alertScope';
export * from './alertSummary';
export * from './annotations';
export * from './escaping';
export * from './health';
export * from './panels';
export * from './permissions';
export * from './range';
export * from './scope';
export * from './types';
