import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_ALERTMANAGER_INSTANCE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_LOKI_APP,
  ANNOTATION_LOKI_INSTANCE,
  ANNOTATION_NAMESPACE,
  ANNOTATION_PROMETHEUS_INSTANCE,
  ANNOTATION_PROMETHEUS_JOB,
} from '@internal/plugin-monitoring-common';
import { UpstreamInstance } from '@internal/plugin-monitoring-node';

/**
 * One piece of data an entity reads and acts on: a series, alert or log selector on one upstream
 * instance. Two entities claiming the same one are two owners of the same data.
 */
export interface ScopeClaim {
  /** `prometheus`, `alertmanager`, `loki` or `kubernetes`. */
  upstream: 'prometheus' | 'alertmanager' | 'loki' | 'kubernetes';
  /** Instance name; `*` for Kubernetes (the clusters are not chosen per entity). */
  instance: string;
  namespace: string;
  /** `job` (Prometheus), `service` (Alertmanager), `app` (Loki), `deployment` (Kubernetes). */
  label: string;
  value: string;
}

/** Identity of a claim, for comparing. */
export function claimKey(c: ScopeClaim): string {
  return JSON.stringify([
    c.upstream,
    c.instance,
    c.namespace,
    c.label,
    c.value,
  ]);
}

/** How a claim reads in an error message. */
export function describeClaim(c: ScopeClaim): string {
  const where =
    c.upstream === 'kubernetes'
      ? 'Kubernetes'
      : `${c.upstream} '${c.instance}'`;
  return `${where}, namespace ${c.namespace}, ${c.label} ${c.value}`;
}

/** The instance names (and their default namespaces) the claims are resolved against. */
export interface InstanceDirectory {
  prometheus: { getInstance(name?: string): UpstreamInstance | undefined };
  alertmanager: { getInstance(name?: string): UpstreamInstance | undefined };
  loki?: { getInstance(name?: string): UpstreamInstance | undefined };
}

/** The entity as the routes must see it: its namespace settled, and what it claims. */
export interface EntityScope {
  /** The entity with `monitoring.festivals.io/namespace` filled from the instance default. */
  entity: Entity;
  /** Undefined when the entity claims no monitoring data at all. */
  namespace?: string;
  claims: ScopeClaim[];
}

/**
 * What an entity claims, from its annotations. A monitored entity must name its namespace (or its
 * Prometheus — for a logs-only entity its Loki — instance must set `defaultNamespace`): a scope
 * without a namespace would be that job in every namespace, so it is a 400 naming the annotation.
 * An unknown instance claims nothing here: the routes answer it with their own 400.
 */
export function entityScope(
  entity: Entity,
  entityRef: string,
  instances: InstanceDirectory,
): EntityScope {
  const a = entity.metadata.annotations ?? {};
  const job = a[ANNOTATION_PROMETHEUS_JOB] || undefined;
  const app = a[ANNOTATION_LOKI_APP] || job;
  const deployment = a[ANNOTATION_KUBERNETES_ID] || undefined;
  if (!job && !app && !deployment) return { entity, claims: [] };

  const prometheus = job
    ? instances.prometheus.getInstance(a[ANNOTATION_PROMETHEUS_INSTANCE])
    : undefined;
  const loki = app
    ? instances.loki?.getInstance(a[ANNOTATION_LOKI_INSTANCE])
    : undefined;
  // The Kubernetes namespace annotation names the same namespace when the monitoring one is absent.
  const annotated =
    a[ANNOTATION_NAMESPACE] || a[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  const namespace =
    annotated ?? prometheus?.defaultNamespace ?? loki?.defaultNamespace;
  if (!namespace) {
    throw new InputError(
      `Entity ${entityRef} has no ${ANNOTATION_NAMESPACE} annotation: without it its scope would be ${
        job ? `job ${job}` : `app ${app}`
      } in every namespace. Add the annotation (or set defaultNamespace on its instance in monitoring.prometheus.instances)`,
    );
  }
  const scoped: Entity = a[ANNOTATION_NAMESPACE]
    ? entity
    : {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: { ...a, [ANNOTATION_NAMESPACE]: namespace },
        },
      };

  const claims: ScopeClaim[] = [];
  if (job && prometheus) {
    claims.push({
      upstream: 'prometheus',
      instance: prometheus.name,
      namespace,
      label: 'job',
      value: job,
    });
  }
  const alertmanager = job
    ? instances.alertmanager.getInstance(a[ANNOTATION_ALERTMANAGER_INSTANCE])
    : undefined;
  if (job && alertmanager) {
    claims.push({
      upstream: 'alertmanager',
      instance: alertmanager.name,
      namespace,
      label: 'service',
      value: job,
    });
  }
  if (app && loki) {
    claims.push({
      upstream: 'loki',
      instance: loki.name,
      namespace,
      label: 'app',
      value: app,
    });
  }
  const workload = deployment ?? job;
  if (workload) {
    claims.push({
      upstream: 'kubernetes',
      instance: '*',
      namespace: a[ANNOTATION_KUBERNETES_NAMESPACE] || namespace,
      label: 'deployment',
      value: workload,
    });
  }
  return { entity: scoped, namespace, claims };
}

/** Catalog filters finding every entity that could claim the same names as these claims. */
export function rivalFilters(claims: ScopeClaim[]): Record<string, string>[] {
  const names = [...new Set(claims.map(c => c.value))];
  return names.flatMap((name): Record<string, string>[] => [
    { [`metadata.annotations.${ANNOTATION_PROMETHEUS_JOB}`]: name },
    { [`metadata.annotations.${ANNOTATION_LOKI_APP}`]: name },
    { [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: name },
  ]);
}
