import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  monitoringPermissions,
  PANEL_CATALOG,
} from '@internal/plugin-monitoring-common';
import { createAlertsRouter } from './alerts/alertsRouter';
import { EntityAccess } from './entity/EntityAccess';
import { readConfigPanels } from './panels/configPanels';
import { readGrafanaLinks } from './panels/panelLinks';
import { createRouter } from './router';
import { alertCountsFrom } from './health/alertCounts';
import { alertmanagerClientServiceRef } from './services/AlertmanagerClient';
import { monitoringMetricsServiceRef } from './services/MonitoringMetrics';
import { prometheusClientServiceRef } from './services/PrometheusClient';
import { PrometheusQueryCache } from './services/PrometheusQueryCache';

/**
 * Festivals Monitoring backend: entity-scoped panels and health from Prometheus.
 *
 * @public
 */
export const monitoringPlugin = createBackendPlugin({
  pluginId: 'monitoring',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        prometheus: prometheusClientServiceRef,
        metrics: monitoringMetricsServiceRef,
        permissionsRegistry: coreServices.permissionsRegistry,
        alertmanager: alertmanagerClientServiceRef,
      },
      async init({
        config,
        cache,
        auth,
        httpAuth,
        permissions,
        httpRouter,
        catalog,
        prometheus,
        metrics,
        permissionsRegistry,
        alertmanager,
      }) {
        const entityAccess = EntityAccess.create({
          auth,
          httpAuth,
          catalog,
          permissions,
        });
        httpRouter.use(
          await createRouter({
            entityAccess,
            prometheus,
            queries: PrometheusQueryCache.create({
              prometheus,
              cache,
              metrics,
            }),
            panels: [...PANEL_CATALOG, ...readConfigPanels(config)],
            grafana: readGrafanaLinks(config),
            metrics,
            alertCounts: alertCountsFrom(alertmanager),
          }),
        );
        permissionsRegistry.addPermissions(monitoringPermissions);
        httpRouter.use(
          await createAlertsRouter({
            entityAccess,
            permissions,
            alertmanager,
            prometheus,
          }),
        );
        // Scraped by Prometheus, which has no Backstage token.
        httpRouter.addAuthPolicy({
          path: '/metrics',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
