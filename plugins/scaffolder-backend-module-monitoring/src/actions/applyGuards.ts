import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { monitoringManifestsApplyPermission } from '@internal/plugin-monitoring-common';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterSettings } from '../services/KubernetesApplier';
import {
  OWNER_ANNOTATION,
  normalizeEntityRef,
  ownerOf,
} from '../services/ownership';
import {
  describeObject,
  type ManifestObject,
} from '../validation/validateManifests';

/**
 * The entity the manifests belong to: the `entityRef` input, else `component:default/<name>` when
 * every manifest carries the same name (the template's service name).
 */
export function resolveEntityRef(
  input: string | undefined,
  objects: ManifestObject[],
): string {
  if (input?.trim()) {
    try {
      return normalizeEntityRef(input.trim());
    } catch (e) {
      throw new InputError(
        `entityRef: '${input}' is not an entity ref (${(e as Error).message})`,
      );
    }
  }
  const names = [...new Set(objects.map(o => o.metadata.name))];
  if (names.length !== 1)
    throw new InputError(
      `entityRef: the manifests have several names (${names.join(
        ', ',
      )}); name the catalog entity they belong to`,
    );
  return normalizeEntityRef(names[0]);
}

async function catalogOwner(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
  return typeof owner === 'string'
    ? normalizeEntityRef(owner, 'group')
    : undefined;
}

/**
 * The permission is checked against the owning entity with the initiating user's credentials, for
 * dry runs too (a dry run reads the live objects and has the cluster validate them). A denial
 * names the entity's owner, so the user knows whom to ask.
 */
export async function authorizeApply(options: {
  permissions: PermissionsService;
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entityRef: string;
}) {
  const { permissions, catalog, credentials, entityRef } = options;
  const [decision] = await permissions.authorize(
    [
      {
        permission: monitoringManifestsApplyPermission,
        resourceRef: entityRef,
      },
    ],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return;
  const owner = await catalogOwner(catalog, entityRef, credentials);
  throw new NotAllowedError(
    `You may not apply monitoring manifests for ${entityRef}${
      owner ? ` (owned by ${owner})` : ''
    }: the permission ${
      monitoringManifestsApplyPermission.name
    } was denied for it${owner ? `; ask ${owner}` : ''}`,
  );
}

/**
 * A template run declares the owner of the service it creates; when an entity of that name is
 * already in the catalog with another owner, the run would take over someone else's service.
 */
export async function assertSameCatalogOwner(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entityRef: string;
  owner: string | undefined;
}) {
  const { catalog, credentials, entityRef } = options;
  if (!options.owner?.trim()) return;
  let declared: string;
  try {
    declared = normalizeEntityRef(options.owner.trim(), 'group');
  } catch (e) {
    throw new InputError(
      `owner: '${options.owner}' is not an entity ref (${
        (e as Error).message
      })`,
    );
  }
  const existing = await catalogOwner(catalog, entityRef, credentials);
  if (existing && existing !== declared)
    throw new NotAllowedError(
      `${entityRef} already exists in the catalog, owned by ${existing} (not ${declared}): its monitoring manifests are not yours to replace; choose another name, or ask ${existing}`,
    );
}

/** Every object's namespace must be in the cluster's allowlist (when one is configured). */
export function assertAllowedNamespaces(
  cluster: ClusterSettings,
  objects: ManifestObject[],
) {
  if (!cluster.namespaces) return;
  const refused = objects.filter(
    o => !cluster.namespaces!.includes(o.metadata.namespace),
  );
  if (refused.length)
    throw new NotAllowedError(
      `Namespace not allowed on cluster '${cluster.name}': ${refused
        .map(describeObject)
        .join(', ')}. Allowed: ${
        cluster.namespaces.join(', ') || 'none'
      } (monitoring.scaffolder.kubernetes.clusters[].namespaces)`,
    );
}

/**
 * Refuses to touch a live object another entity owns (its ownership annotation), and one that no
 * entity owns (created by hand, or before ownership was recorded) unless `force` adopts it. All
 * refusals of the run are reported together.
 */
export function assertOwnership(options: {
  entityRef: string;
  force: boolean;
  objects: ManifestObject[];
  live: Array<KubernetesObject | undefined>;
}) {
  const problems: string[] = [];
  options.objects.forEach((object, i) => {
    const live = options.live[i];
    if (!live) return;
    const owner = ownerOf(live);
    if (owner === undefined) {
      if (!options.force)
        problems.push(
          `${describeObject(
            object,
          )} exists but belongs to no entity (no ${OWNER_ANNOTATION} annotation: made by hand or before ownership was recorded); to adopt it for ${
            options.entityRef
          }, run again with force: true`,
        );
      return;
    }
    let normalized = owner;
    try {
      normalized = normalizeEntityRef(owner);
    } catch {
      // Not a ref at all: compared as written, so it never matches and is refused.
    }
    if (normalized !== options.entityRef)
      problems.push(
        `${describeObject(
          object,
        )} belongs to ${owner} (${OWNER_ANNOTATION}), not ${options.entityRef}`,
      );
  });
  if (problems.length)
    throw new NotAllowedError(
      `Refusing to overwrite monitoring objects of another entity:\n- ${problems.join(
        '\n- ',
      )}\nChoose another service name or namespace, or ask the owner.`,
    );
}
