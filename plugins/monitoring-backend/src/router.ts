import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { PanelDefinition } from '@internal/plugin-monitoring-common';
import {
  AlertmanagerClient,
  LokiClient,
  MonitoringMetrics,
  PrometheusClient,
} from '@internal/plugin-monitoring-node';
import express from 'express';
import Router from 'express-promise-router';
import { EntityAccess } from './entity/EntityAccess';
import { AlertCountSource } from './health/alertCounts';
import { GrafanaLinks } from './panels/panelLinks';
import { addAlertRoutes } from './routes/alerts';
import { addDiagnosticsRoutes } from './routes/diagnostics';
import { addHealthRoutes } from './routes/health';
import { addLogRoutes } from './routes/logs';
import { addMetricsRoutes } from './routes/metrics';
import { addPanelRoutes } from './routes/panels';
import { addRuleRoutes } from './routes/rules';
import { addRunbookRoutes } from './routes/runbooks';
import { addSilenceRoutes } from './routes/silences';
import { LogLevelSources } from './services/LogLevelSources';
import { LokiQueries } from './services/LokiQueryCache';
import { PrometheusQueries } from './services/PrometheusQueryCache';
import { RunbookDiagnostics } from './services/RunbookDiagnostics';
import { TeamRunbooks } from './services/TeamRunbooks';
import { ConcurrencyLimiter } from './services/ConcurrencyLimiter';
import { ScrapeIntervals } from './services/ScrapeIntervals';

/** The plugin's HTTP API: one file per resource under `routes/`, composed here. */
export async function createRouter(options: {
  entityAccess: EntityAccess;
  permissions: PermissionsService;
  prometheus: PrometheusClient;
  /** Cached, coalesced queries; the plain client when absent. */
  queries?: PrometheusQueries;
  alertmanager: AlertmanagerClient;
  /** Seed catalog plus `monitoring.panels`. */
  panels: PanelDefinition[];
  grafana?: GrafanaLinks;
  metrics: MonitoringMetrics;
  alertCounts?: AlertCountSource;
  auditor?: AuditorService;
  /** Per-caller and global bound on requests in progress (not applied to `/metrics`). */
  limiter?: ConcurrencyLimiter;
  /** Loki for the Logs tab; no `/logs` routes without it. */
  loki?: LokiClient;
  /** Cached, coalesced Loki queries; the plain client when absent. */
  lokiQueries?: LokiQueries;
  /** `monitoring.tracing.traceUrlTemplate`. */
  traceUrlTemplate?: string;
  /** The runbooks' live diagnostics; no `/diagnostics` route without it. */
  diagnostics?: RunbookDiagnostics;
  /** The teams' own runbooks (UrlReader); no `/runbooks` route without it. */
  teamRunbooks?: TeamRunbooks;
}): Promise<express.Router> {
  const { entityAccess, prometheus, alertmanager } = options;
  const queries = options.queries ?? prometheus;
  const scrapeIntervals = ScrapeIntervals.create({ prometheus });
  const router = Router();
  router.use(express.json());
  if (options.limiter) {
    const limit = options.limiter.middleware();
    // Prometheus scraping the plugin's own metrics is never refused.
    router.use((req, res, next) =>
      req.path === '/metrics' ? next() : limit(req, res, next),
    );
  }

  addPanelRoutes(router, {
    entityAccess,
    prometheus,
    queries,
    scrapeIntervals,
    panels: options.panels,
    grafana: options.grafana,
  });
  addHealthRoutes(router, {
    entityAccess,
    prometheus,
    queries,
    scrapeIntervals,
    alertCounts: options.alertCounts,
  });
  addMetricsRoutes(router, { metrics: options.metrics });
  addAlertRoutes(router, { entityAccess, alertmanager });
  addRuleRoutes(router, { entityAccess, prometheus });
  addSilenceRoutes(router, {
    entityAccess,
    permissions: options.permissions,
    alertmanager,
    auditor: options.auditor,
  });
  if (options.loki) {
    addLogRoutes(router, {
      entityAccess,
      permissions: options.permissions,
      loki: options.loki,
      queries: options.lokiQueries ?? options.loki,
      levelSources: LogLevelSources.create({ loki: options.loki }),
      grafana: options.grafana,
      traceUrlTemplate: options.traceUrlTemplate,
    });
  }
  if (options.diagnostics) {
    addDiagnosticsRoutes(router, {
      entityAccess,
      permissions: options.permissions,
      diagnostics: options.diagnostics,
    });
  }
  if (options.teamRunbooks) {
    addRunbookRoutes(router, {
      entityAccess,
      teamRunbooks: options.teamRunbooks,
    });
  }
  return router;
}
