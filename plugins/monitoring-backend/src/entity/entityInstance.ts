import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ANNOTATION_ALERTMANAGER_INSTANCE,
  ANNOTATION_LOKI_INSTANCE,
  ANNOTATION_NAMESPACE,
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

/** The entity's owner as a full entity ref (a bare `team-a` is `group:default/team-a`). */
export function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    // Entity refs compare case-insensitively (as config's allowedOwners are read).
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Refuses an instance the entity may not use: annotations are written by whoever registers the
 * entity, so an instance reserved to some namespaces or owners (another team's tenant) is only
 * reachable from entities that are in them.
 */
function checkAllowed(
  kind: string,
  instance: {
    name: string;
    allowedNamespaces?: string[];
    allowedOwners?: string[];
  },
  entity: Entity,
  entityRef: string,
) {
  const namespace = entity.metadata.annotations?.[ANNOTATION_NAMESPACE];
  if (
    instance.allowedNamespaces &&
    !(namespace && instance.allowedNamespaces.includes(namespace))
  ) {
    throw new NotAllowedError(
      `${kind} instance '${
        instance.name
      }' is open to namespaces ${instance.allowedNamespaces.join(
        ', ',
      )} only; ${entityRef} ${
        namespace
          ? `is in '${namespace}'`
          : `has no ${ANNOTATION_NAMESPACE} annotation`
      }`,
    );
  }
  const owner = ownerRef(entity);
  if (
    instance.allowedOwners &&
    !(owner && instance.allowedOwners.includes(owner))
  ) {
    throw new NotAllowedError(
      `${kind} instance '${
        instance.name
      }' is open to entities owned by ${instance.allowedOwners.join(
        ', ',
      )} only; ${entityRef} is owned by ${owner ?? 'nobody'}`,
    );
  }
}

/**
 * The upstream instance an entity names by annotation, or the configured default; a 400 that
 * names the annotation and the configured instances when it cannot be used.
 */
function entityInstance<T extends { name: string }>(
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
  if (instance) {
    checkAllowed(upstream.kind, instance, entity, entityRef);
    return instance;
  }
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
