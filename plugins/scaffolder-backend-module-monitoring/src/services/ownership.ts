import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ManifestObject } from '../validation/validateManifests';

/**
 * Written on every applied object: the catalog entity it belongs to. Checked against the live
 * object before each apply, so one entity's template run never overwrites another's rules.
 */
export const OWNER_ANNOTATION = 'monitoring.festivals.io/owner-entity';

/** Server-side apply field managers are limited to 128 characters by the API server. */
const MAX_FIELD_MANAGER = 128;

/**
 * One field manager per entity (`festivals-monitoring/<name>`, with the namespace when it is not
 * `default`), so field ownership in `managedFields` says which entity set what, and two entities
 * never silently share (and overwrite) a field.
 */
export function fieldManagerFor(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  const id = namespace === 'default' ? name : `${namespace}.${name}`;
  return `festivals-monitoring/${id}`.slice(0, MAX_FIELD_MANAGER);
}

/** A full, lower-case entity ref (`component:default/x`); kind and namespace defaulted. */
export function normalizeEntityRef(
  ref: string,
  defaultKind = 'component',
): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/** The object as applied: the manifest with the ownership annotation added. */
export function withOwner(
  object: ManifestObject,
  entityRef: string,
): ManifestObject {
  const copy = structuredClone(object);
  copy.metadata.annotations = {
    ...((copy.metadata.annotations as Record<string, string> | undefined) ??
      {}),
    [OWNER_ANNOTATION]: entityRef,
  };
  return copy;
}

/** The entity a live object belongs to, from its annotation (undefined when it has none). */
export function ownerOf(live: KubernetesObject): string | undefined {
  return live.metadata?.annotations?.[OWNER_ANNOTATION];
}
