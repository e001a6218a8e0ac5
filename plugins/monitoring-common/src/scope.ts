import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_NAMESPACE, ANNOTATION_PROMETHEUS_JOB } from './annotations';
import { LabelMatcher } from './escaping';

/** True when the entity carries what the Metrics tab needs. @public */
export function isMonitoringAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_JOB]);
}

/**
 * The label matchers that scope every query to one entity: its Prometheus job and, when
 * annotated, its namespace. Values are escaped later by {@link formatMatchers}.
 * @public
 */
export function entityMatchers(entity: Entity): LabelMatcher[] {
  const annotations = entity.metadata.annotations ?? {};
  const job = annotations[ANNOTATION_PROMETHEUS_JOB];
  if (!job) {
    throw new Error(`Entity has no ${ANNOTATION_PROMETHEUS_JOB} annotation`);
  }
  const matchers: LabelMatcher[] = [];
  const namespace = annotations[ANNOTATION_NAMESPACE];
  if (namespace)
    matchers.push({ name: 'namespace', op: '=', value: namespace });
  matchers.push({ name: 'job', op: '=', value: job });
  return matchers;
}
