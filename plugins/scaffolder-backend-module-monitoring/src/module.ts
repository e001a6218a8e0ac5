import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createApplyManifestsAction } from './actions/applyManifests';
import { createGenerateManifestsAction } from './actions/generateManifests';
import { createVerifyPrometheusAction } from './actions/verifyPrometheus';

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
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createGenerateManifestsAction({ config }),
          createApplyManifestsAction({ config }),
          createVerifyPrometheusAction({ config }),
        );
      },
    });
  },
});
