import { MonitoringMetrics } from '@internal/plugin-monitoring-node';
import express from 'express';

/**
 * `GET /metrics`: the backend's own metrics in Prometheus text format. Unauthenticated (see
 * plugin.ts): Prometheus scrapes it without a Backstage token.
 */
export function addMetricsRoutes(
  router: express.Router,
  options: { metrics: MonitoringMetrics },
): void {
  const { metrics } = options;
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
}
