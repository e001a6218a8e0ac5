import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  alignRange,
  AlertCounts,
  ANNOTATION_PROMETHEUS_JOB,
  entityMatchers,
  HealthResponse,
  isMonitoringAvailable,
  MAX_POINTS,
  PanelDefinition,
  PanelsResponse,
} from '@internal/plugin-monitoring-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EntityAccess } from './entity/EntityAccess';
import { prometheusInstanceFor } from './entity/entityInstance';
import { entityHealth } from './health/entityHealth';
import { GrafanaLinks } from './panels/panelLinks';
import { runPanels } from './panels/runPanels';
import { MonitoringMetrics } from './services/MonitoringMetrics';
import {
  PrometheusClient,
  PrometheusInstance,
} from './services/PrometheusClient';
import { PrometheusQueries } from './services/PrometheusQueryCache';

const MAX_RANGE_SECONDS = 90 * 86400;

const panelsQuerySchema = z
  .object({
    entityRef: z.string().min(1),
    panels: z.string().optional(),
    start: z.coerce.number().finite().nonnegative(),
    end: z.coerce.number().finite().nonnegative(),
    maxDataPoints: z.coerce.number().int().min(1).max(MAX_POINTS).default(600),
  })
  .superRefine((q, ctx) => {
    if (q.end <= q.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'must be after start',
      });
    } else if (q.end - q.start > MAX_RANGE_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'range must be at most 90 days',
      });
    }
  });

const healthQuerySchema = z.object({ entityRef: z.string().min(1) });

function parseQuery<S extends z.ZodTypeAny>(
  schema: S,
  query: unknown,
): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${issues}`);
  }
  return parsed.data;
}

/** Firing alerts of an entity by severity, when an alert source is wired in. */
export type AlertCountSource = (entity: Entity) => Promise<AlertCounts>;

export async function createRouter(options: {
  entityAccess: EntityAccess;
  prometheus: PrometheusClient;
  /** Cached, coalesced queries; the plain client when absent. */
  queries?: PrometheusQueries;
  /** Seed catalog plus `monitoring.panels`. */
  panels: PanelDefinition[];
  grafana?: GrafanaLinks;
  metrics: MonitoringMetrics;
  alertCounts?: AlertCountSource;
}): Promise<express.Router> {
  const { entityAccess, prometheus, panels: allPanels, metrics } = options;
  const queries = options.queries ?? prometheus;
  const router = Router();
  router.use(express.json());

  /** The entity's Prometheus instance; a 400 naming the annotation when it cannot be used. */
  function instanceFor(entity: Entity, entityRef: string): PrometheusInstance {
    if (!isMonitoringAvailable(entity)) {
      throw new InputError(
        `Entity ${entityRef} has no ${ANNOTATION_PROMETHEUS_JOB} annotation, so it has no metrics to show`,
      );
    }
    const instance = prometheusInstanceFor(prometheus, entity, entityRef);
    return instance;
  }

  /**
   * All requested panels of one entity over one range, in one response. The browser names
   * panels; the PromQL is built here from the entity's annotations.
   */
  router.get('/panels', async (req, res) => {
    const q = parseQuery(panelsQuerySchema, req.query);
    const panelIds = q.panels
      ? q.panels.split(',').filter(Boolean)
      : allPanels.map(p => p.id);
    const panels = panelIds.map(id => {
      const panel = allPanels.find(p => p.id === id);
      if (!panel) {
        throw new InputError(
          `Invalid request: panels: unknown panel id '${id}' (known: ${allPanels
            .map(p => p.id)
            .join(', ')})`,
        );
      }
      return panel;
    });

    const t0 = performance.now();
    let entityCheckedAt = t0;
    const { resolved, result } = await entityAccess.resolveWhile(
      req,
      q.entityRef,
      async ({ entity, entityRef }) => {
        entityCheckedAt = performance.now();
        const instance = instanceFor(entity, entityRef);
        const range = alignRange(
          q.start,
          q.end,
          q.maxDataPoints,
          instance.scrapeIntervalSeconds,
        );
        const results = await runPanels({
          prometheus: queries,
          instance,
          matchers: entityMatchers(entity),
          panels,
          range,
          grafana: options.grafana,
        });
        return { instance, range, results };
      },
    );
    const body: PanelsResponse = {
      entityRef: resolved.entityRef,
      prometheus: result.instance.name,
      ...result.range,
      panels: result.results,
    };
    // Where the time went, visible in the browser's network panel and to the bench.
    res.setHeader(
      'Server-Timing',
      `entity;dur=${(entityCheckedAt - t0).toFixed(1)}, prometheus;dur=${(
        performance.now() - entityCheckedAt
      ).toFixed(1)}`,
    );
    res.json(body);
  });

  /** The Overview card: state, error rate, P95, request-rate sparkline, firing alerts. */
  router.get('/health', async (req, res) => {
    const q = parseQuery(healthQuerySchema, req.query);
    const alertCounts = options.alertCounts;
    const { resolved, result } = await entityAccess.resolveWhile(
      req,
      q.entityRef,
      async ({ entity, entityRef }) =>
        entityHealth({
          prometheus: queries,
          instance: instanceFor(entity, entityRef),
          matchers: entityMatchers(entity),
          nowSeconds: Date.now() / 1000,
          alerts: alertCounts ? () => alertCounts(entity) : undefined,
        }),
    );
    const body: HealthResponse = { entityRef: resolved.entityRef, ...result };
    res.json(body);
  });

  /** The backend's own metrics in Prometheus text format (unauthenticated, see plugin.ts). */
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  return router;
}
