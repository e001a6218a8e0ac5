import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  monitoringManifestsApplyPermission,
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
} from '@internal/plugin-monitoring-common';

/**
 * The example backend's policy (replacing allow-all):
 * - everyone signed in may read (catalog, metrics, alerts, logs, runbook diagnostics);
 * - creating and expiring an entity's silences is for its owners only: a conditional decision
 *   the catalog resolves with `isEntityOwner` against the user's ownership refs (the user and
 *   the groups it is a member of), so "owner" means exactly what the catalog says;
 * - applying monitoring manifests to a cluster (a basic permission: the new service is not in
 *   the catalog yet) is for members of the groups in `permission.monitoring.manifestAppliers`.
 */
export class MonitoringPermissionPolicy implements PermissionPolicy {
  private constructor(private readonly manifestAppliers: string[]) {}

  static create(options: { manifestAppliers: string[] }) {
    return new MonitoringPermissionPolicy(
      options.manifestAppliers.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownership = (user?.info.ownershipEntityRefs ?? []).map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
    if (
      isPermission(request.permission, monitoringSilenceCreatePermission) ||
      isPermission(request.permission, monitoringSilenceExpirePermission)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownership }),
      );
    }
    if (isPermission(request.permission, monitoringManifestsApplyPermission)) {
      return {
        result: ownership.some(ref => this.manifestAppliers.includes(ref))
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link MonitoringPermissionPolicy} in the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'monitoring-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(
          MonitoringPermissionPolicy.create({
            manifestAppliers:
              config.getOptionalStringArray(
                'permission.monitoring.manifestAppliers',
              ) ?? [],
          }),
        );
      },
    });
  },
});
