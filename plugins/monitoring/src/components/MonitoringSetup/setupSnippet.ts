import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_NAMESPACE,
  ANNOTATION_PROMETHEUS_JOB,
} from '@internal/plugin-monitoring-common';

/** The namespace the guide's services run in, when nothing on the entity says otherwise. */
const DEFAULT_NAMESPACE = 'festivals-production';

/** The template that creates a service monitored from its first deploy. */
export const MONITORED_SERVICE_TEMPLATE = {
  namespace: 'default',
  templateName: 'festivals-monitored-service',
};

/**
 * The `catalog-info.yaml` lines that switch monitoring on for this entity: its name as the
 * Prometheus job, and its Kubernetes namespace (the Kubernetes plugin's annotation when present).
 */
export function setupSnippet(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  const namespace =
    annotations['backstage.io/kubernetes-namespace'] ?? DEFAULT_NAMESPACE;
  return [
    'metadata:',
    '  annotations:',
    `    ${ANNOTATION_PROMETHEUS_JOB}: ${entity.metadata.name}`,
    `    ${ANNOTATION_NAMESPACE}: ${namespace}`,
  ].join('\n');
}
