import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Applying monitoring manifests to a cluster (a real run of `monitoring:kubernetes:apply`);
 * checked with the credentials of the user who started the task. Dry runs write nothing and need
 * only the scaffolder's own permissions.
 *
 * @public
 */
export const monitoringManifestsApplyPermission = createPermission({
  name: 'monitoring.manifests.apply',
  attributes: { action: 'update' },
});

/** @public */
export const scaffolderMonitoringPermissions = [
  monitoringManifestsApplyPermission,
];
