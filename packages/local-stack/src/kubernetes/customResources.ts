import type { KubernetesClusterState } from './clusterState.ts';
import type { KubeObject } from './objects.ts';
import type { ResourceType } from './resources.ts';

/**
 * The prometheus-operator's custom resources the stand-in stores (`monitoring.coreos.com/v1`
 * ServiceMonitors and PrometheusRules), written with server-side apply (see apply.ts). The
 * local stack's operator stand-in turns them into Prometheus scrape configs and rule files.
 */

/**
 * Verbs a writable type announces in discovery: those the stand-in answers (a real CRD also
 * has create, update, deletecollection and watch, which are 405 here).
 */
export const WRITABLE_VERBS = ['delete', 'get', 'list', 'patch'];

/** A stored object with its field ownership: manager → field paths (JSON key lists, see apply.ts). */
export interface StoredObject {
  object: KubeObject;
  managers: Map<string, { paths: Set<string>; time: string }>;
}

export type CustomResourceChange = {
  type: ResourceType;
  object: KubeObject;
  /** `deleted`: the object is gone. */
  event: 'applied' | 'deleted';
};

/** The objects of the writable types, per stand-in (its cluster state), and who listens to them. */
export class CustomResourceStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly listeners = new Set<(c: CustomResourceChange) => void>();

  private constructor() {}

  private static readonly stores = new WeakMap<
    KubernetesClusterState,
    CustomResourceStore
  >();

  /** The store of one stand-in (keyed by its cluster state, so each server has its own). */
  static of(state: KubernetesClusterState): CustomResourceStore {
    let store = CustomResourceStore.stores.get(state);
    if (!store) {
      store = new CustomResourceStore();
      CustomResourceStore.stores.set(state, store);
    }
    return store;
  }

  private static key(type: ResourceType, namespace: string, name: string) {
    return `${type.group}/${type.plural}/${namespace}/${name}`;
  }

  get(
    type: ResourceType,
    namespace: string,
    name: string,
  ): StoredObject | undefined {
    return this.objects.get(CustomResourceStore.key(type, namespace, name));
  }

  list(type: ResourceType): KubeObject[] {
    const prefix = `${type.group}/${type.plural}/`;
    return [...this.objects]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, stored]) => withManagedFields(stored, type));
  }

  put(type: ResourceType, stored: StoredObject): void {
    const { namespace = '', name } = stored.object.metadata;
    this.objects.set(CustomResourceStore.key(type, namespace, name), stored);
    this.emit({ type, object: stored.object, event: 'applied' });
  }

  delete(type: ResourceType, namespace: string, name: string): boolean {
    const key = CustomResourceStore.key(type, namespace, name);
    const stored = this.objects.get(key);
    if (!stored) return false;
    this.objects.delete(key);
    this.emit({ type, object: stored.object, event: 'deleted' });
    return true;
  }

  /** Called after every stored change; returns the unsubscribe. */
  onChange(listener: (c: CustomResourceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: CustomResourceChange) {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A listener's failure is its own; the API write already happened.
      }
    }
  }
}

/** `["spec","endpoints"]` → `{ "f:spec": { "f:endpoints": {} } }` (the API server's FieldsV1). */
export function fieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const p of paths) {
    let node = root;
    for (const part of JSON.parse(p) as string[]) {
      node[`f:${part}`] ??= {};
      node = node[`f:${part}`];
    }
  }
  return root;
}

/** The object as the API returns it: `metadata.managedFields` rendered from the ownership. */
export function withManagedFields(
  stored: StoredObject,
  type: ResourceType,
): KubeObject {
  const managedFields = [...stored.managers].map(([manager, m]) => ({
    manager,
    operation: 'Apply',
    apiVersion: `${type.group}/${type.version}`,
    time: m.time,
    fieldsType: 'FieldsV1',
    fieldsV1: fieldsV1(m.paths),
  }));
  return {
    ...stored.object,
    metadata: { ...stored.object.metadata, managedFields },
  };
}

function customType(
  kind: string,
  plural: string,
  singular: string,
  shortNames: string[],
): ResourceType {
  const type: ResourceType = {
    group: 'monitoring.coreos.com',
    version: 'v1',
    plural,
    singular,
    kind,
    namespaced: true,
    shortNames,
    writable: true,
    verbs: WRITABLE_VERBS,
    objects: state => CustomResourceStore.of(state).list(type),
  };
  return type;
}

/** What the prometheus-operator's CRDs install. */
export const CUSTOM_RESOURCE_TYPES: ResourceType[] = [
  customType('ServiceMonitor', 'servicemonitors', 'servicemonitor', ['smon']),
  customType('PrometheusRule', 'prometheusrules', 'prometheusrule', [
    'promrule',
  ]),
];
