import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { monitoringPermissions } from '@internal/plugin-monitoring-common';
import { createAlertsRouter } from './alerts/alertsRouter';
import { createRouter } from './router';
import { alertmanagerClientServiceRef } from './services/AlertmanagerClient';
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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        alertmanager: alertmanagerClientServiceRef,
      },
      async init({
        httpAuth,
        httpRouter,
        catalog,
        prometheus,
        permissions,
        permissionsRegistry,
        alertmanager,
      }) {
        httpRouter.use(await createRouter({ httpAuth, catalog, prometheus }));
        permissionsRegistry.addPermissions(monitoringPermissions);
        httpRouter.use(
          await createAlertsRouter({
            httpAuth,
            catalog,
            permissions,
            alertmanager,
            prometheus,
          }),
        );
      },
    });
  },
});
