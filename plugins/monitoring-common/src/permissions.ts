import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Permissions of the monitoring plugins. They are resource permissions on catalog entities, so a
 * policy can allow silencing only to an entity's owners (e.g. with the catalog's isEntityOwner
 * conditional rule); the backend always checks them with the signed-in user's credentials.
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
 * Every permission the monitoring backend registers.
 * @public
 */
export const monitoringPermissions = [
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
];
