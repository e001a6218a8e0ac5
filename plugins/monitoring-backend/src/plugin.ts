import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  monitoringPermissions,
  PANEL_CATALOG,
} from '@internal/plugin-monitoring-common';
import {
  alertmanagerClientServiceRef,
  kubernetesClientServiceRef,
  lokiClientServiceRef,
  monitoringMetricsServiceRef,
  prometheusClientServiceRef,
} from '@internal/plugin-monitoring-node';
import { EntityAccess } from './entity/EntityAccess';
import { readScopeReservations, ScopeOwnership } from './entity/ScopeOwnership';
import { alertCountsFrom } from './health/alertCounts';
import { readTraceUrlTemplate } from './logLines/logLinks';
import { readConfigPanels } from './panels/configPanels';
import { readGrafanaLinks } from './panels/panelLinks';
import { createRouter } from './router';
import { isSharedCache } from './services/cacheStore';
import { ConcurrencyLimiter } from './services/ConcurrencyLimiter';
import { LokiQueryCache } from './services/LokiQueryCache';
import { permissionCoalescerServiceRef } from './services/PermissionCoalescer';
import { PrometheusQueryCache } from './services/PrometheusQueryCache';
import { RunbookDiagnostics } from './services/RunbookDiagnostics';
import { TeamRunbooks } from './services/TeamRunbooks';

/**
 * Festivals Monitoring backend: entity-scoped panels and health from Prometheus, alerts, rules
 * and silences from Alertmanager and Prometheus, logs from Loki, the runbooks' live Kubernetes
 * diagnostics, and its own metrics. Wiring only: the routes
 * are in `routes/`, the upstream clients in `@internal/plugin-monitoring-node`.
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
        // Identical permission checks in flight share one answer (services/PermissionCoalescer).
        permissions: permissionCoalescerServiceRef,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        prometheus: prometheusClientServiceRef,
        metrics: monitoringMetricsServiceRef,
        permissionsRegistry: coreServices.permissionsRegistry,
        alertmanager: alertmanagerClientServiceRef,
        auditor: coreServices.auditor,
        loki: lokiClientServiceRef,
        kubernetes: kubernetesClientServiceRef,
        urlReader: coreServices.urlReader,
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
        auditor,
        loki,
        kubernetes,
        urlReader,
      }) {
        const entityAccess = EntityAccess.create({
          auth,
          httpAuth,
          catalog,
          permissions,
          scopes: ScopeOwnership.create({
            auth,
            catalog,
            instances: { prometheus, alertmanager, loki },
            reservations: readScopeReservations(config),
          }),
        });
        permissionsRegistry.addPermissions(monitoringPermissions);
        httpRouter.use(
          await createRouter({
            entityAccess,
            permissions,
            prometheus,
            queries: PrometheusQueryCache.create({
              prometheus,
              // Only a shared store is worth a round trip; one machine keeps answers in a
              // byte-bounded in-process store.
              cache: isSharedCache(config) ? cache : undefined,
              metrics,
            }),
            alertmanager,
            panels: [...PANEL_CATALOG, ...readConfigPanels(config)],
            grafana: readGrafanaLinks(config),
            metrics,
            alertCounts: alertCountsFrom(alertmanager),
            auditor,
            loki,
            lokiQueries: LokiQueryCache.create({ loki, metrics }),
            traceUrlTemplate: readTraceUrlTemplate(config),
            diagnostics: RunbookDiagnostics.create({
              kubernetes,
              prometheus,
              loki,
            }),
            limiter: ConcurrencyLimiter.fromConfig(config),
            teamRunbooks: TeamRunbooks.create({ urlReader }),
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
