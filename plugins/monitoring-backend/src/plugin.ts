import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { prometheusClientServiceRef } from './services/PrometheusClient';

/**
 * Festivals Monitoring backend: entity-scoped panels from Prometheus.
 *
 * @public
 */
export const monitoringPlugin = createBackendPlugin({
  pluginId: 'monitoring',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        prometheus: prometheusClientServiceRef,
      },
      async init({ httpAuth, httpRouter, catalog, prometheus }) {
        httpRouter.use(await createRouter({ httpAuth, catalog, prometheus }));
      },
    });
  },
});
