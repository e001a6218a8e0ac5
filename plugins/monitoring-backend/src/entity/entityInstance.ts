import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_ALERTMANAGER_INSTANCE,
  ANNOTATION_LOKI_INSTANCE,
  ANNOTATION_PROMETHEUS_INSTANCE,
} from '@internal/plugin-monitoring-common';
import {
  AlertmanagerClient,
  AlertmanagerInstance,
  LokiClient,
  LokiInstance,
  PrometheusClient,
  PrometheusInstance,
} from '@internal/plugin-monitoring-node';

/**
 * The upstream instance an entity names by annotation, or the configured default; a 400 that
 * names the annotation and the configured instances when it cannot be used.
 */
function entityInstance<T>(
  upstream: {
    /** `Prometheus` or `Alertmanager`, for the message. */
    kind: string;
    /** Config key holding the instances, e.g. `monitoring.prometheus.instances`. */
    configKey: string;
    getInstance(name?: string): T | undefined;
    instanceNames(): string[];
  },
  annotation: string,
  entity: Entity,
  entityRef: string,
): T {
  const name = entity.metadata.annotations?.[annotation];
  const instance = upstream.getInstance(name);
  if (instance) return instance;
  throw new InputError(
    name
      ? `Entity ${entityRef} annotation ${annotation} names ${
          upstream.kind
        } instance '${name}', which is not configured (configured: ${
          upstream.instanceNames().join(', ') || 'none'
        })`
      : `No ${upstream.kind} instance is configured: add ${upstream.configKey} to app-config`,
  );
}

/** The entity's Prometheus (`monitoring.festivals.io/prometheus`, else the default). */
export function prometheusInstanceFor(
  prometheus: PrometheusClient,
  entity: Entity,
  entityRef: string,
): PrometheusInstance {
  return entityInstance(
    {
      kind: 'Prometheus',
      configKey: 'monitoring.prometheus.instances',
      getInstance: name => prometheus.getInstance(name),
      instanceNames: () => prometheus.instanceNames(),
    },
    ANNOTATION_PROMETHEUS_INSTANCE,
    entity,
    entityRef,
  );
}

/** The entity's Alertmanager (`monitoring.festivals.io/alertmanager`, else the default). */
export function alertmanagerInstanceFor(
  alertmanager: AlertmanagerClient,
  entity: Entity,
  entityRef: string,
): AlertmanagerInstance {
  return entityInstance(
    {
      kind: 'Alertmanager',
      configKey: 'monitoring.alertmanager.instances',
      getInstance: name => alertmanager.getInstance(name),
      instanceNames: () => alertmanager.instanceNames(),
    },
    ANNOTATION_ALERTMANAGER_INSTANCE,
    entity,
    entityRef,
  );
}

/** The entity's Loki (`monitoring.festivals.io/loki`, else the default). */
export function lokiInstanceFor(
  loki: LokiClient,
  entity: Entity,
  entityRef: string,
): LokiInstance {
  return entityInstance(
    {
      kind: 'Loki',
      configKey: 'monitoring.loki.instances',
      getInstance: name => loki.getInstance(name),
      instanceNames: () => loki.instanceNames(),
    },
    ANNOTATION_LOKI_INSTANCE,
    entity,
    entityRef,
  );
}
