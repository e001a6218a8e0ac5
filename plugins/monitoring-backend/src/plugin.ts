import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { PANEL_CATALOG } from '@internal/plugin-monitoring-common';
import { EntityAccess } from './entity/EntityAccess';
import { readConfigPanels } from './panels/configPanels';
import { readGrafanaLinks } from './panels/panelLinks';
import { createRouter } from './router';
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
      }) {
        httpRouter.use(
          await createRouter({
            entityAccess: EntityAccess.create({
              auth,
              httpAuth,
              catalog,
              permissions,
            }),
            prometheus,
            queries: PrometheusQueryCache.create({
              prometheus,
              cache,
              metrics,
            }),
            panels: [...PANEL_CATALOG, ...readConfigPanels(config)],
            grafana: readGrafanaLinks(config),
            metrics,
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
