import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { prometheusClientServiceRef } from '@internal/plugin-monitoring-node';
import { createApplyManifestsAction } from './actions/applyManifests';
import { createGenerateManifestsAction } from './actions/generateManifests';
import { createVerifyPrometheusAction } from './actions/verifyPrometheus';
import { scaffolderMonitoringPermissions } from '@internal/plugin-monitoring-common';

/**
 * Registers the monitoring scaffolder actions: `monitoring:manifests:generate`,
 * `monitoring:kubernetes:apply` and `monitoring:prometheus:verify`.
 *
 * @public
 */
export const scaffolderModuleMonitoring = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'monitoring',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        prometheus: prometheusClientServiceRef,
      },
      async init({
        scaffolder,
        config,
        permissions,
        permissionsRegistry,
        catalog,
        prometheus,
      }) {
        permissionsRegistry.addPermissions(scaffolderMonitoringPermissions);
        scaffolder.addActions(
          createGenerateManifestsAction({ config }),
          createApplyManifestsAction({ config, permissions, catalog }),
          createVerifyPrometheusAction({ prometheus }),
        );
      },
    });
  },
});
