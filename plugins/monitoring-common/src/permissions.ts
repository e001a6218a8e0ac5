import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Every permission of the monitoring plugins. The silence and logs permissions are resource permissions on
 * catalog entities, so a policy can allow silencing only to an entity's owners (e.g. with the
 * catalog's isEntityOwner conditional rule); all are checked with the signed-in user's credentials.
 */

/** The catalog's resource type (kept local so `-common` needs no catalog-common dependency). */
const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/**
 * Create a silence in Alertmanager for the entity's alerts.
 * @public
 */
export const monitoringSilenceCreatePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'monitoring.silence.create',
    attributes: { action: 'create' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Expire (end early) one of the entity's silences.
 * @public
 */
export const monitoringSilenceExpirePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'monitoring.silence.expire',
    attributes: { action: 'delete' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Read the entity's logs from Loki (the Logs tab). A resource permission, so a policy can limit
 * logs (which may hold user data) to the entity's owners.
 * @public
 */
export const monitoringLogsReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'monitoring.logs.read',
    attributes: { action: 'read' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Read the live Kubernetes diagnostics of the entity's runbooks (pods, resources, events, HPA,
 * pod logs, DB connections, targets). A resource permission, checked with the user's
 * credentials before any call to the cluster; read-only: Secrets and env values are never read.
 * @public
 */
export const monitoringDiagnosticsReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'monitoring.diagnostics.read',
    attributes: { action: 'read' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Apply monitoring manifests to a cluster for one catalog entity (`monitoring:kubernetes:apply`,
 * real runs and dry runs alike). A resource permission on the entity the manifests belong to, so a
 * policy can limit it to the entity's owners (the catalog's isEntityOwner rule); checked with the
 * credentials of the user who started the task. Note that a conditional decision on an entity not yet
 * in the catalog is a denial: register the entity before applying, or allow the permission outright.
 * @public
 */
export const monitoringManifestsApplyPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'monitoring.manifests.apply',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Every permission the monitoring backend registers.
 * @public
 */
export const monitoringPermissions = [
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
  monitoringLogsReadPermission,
  monitoringDiagnosticsReadPermission,
];

/**
 * Every permission the monitoring scaffolder module registers.
 * @public
 */
export const scaffolderMonitoringPermissions = [
  monitoringManifestsApplyPermission,
];
