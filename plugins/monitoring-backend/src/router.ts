import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  alignRange,
  ANNOTATION_PROMETHEUS_INSTANCE,
  ANNOTATION_PROMETHEUS_JOB,
  entityMatchers,
  findPanel,
  isMonitoringAvailable,
  MAX_POINTS,
  PANEL_CATALOG,
  PanelsResponse,
} from '@internal/plugin-monitoring-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { resolveEntity } from './entity/resolveEntity';
import { runPanels } from './panelQueries';
import { PrometheusClient } from './services/PrometheusClient';

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

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
    .join('; ');
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  prometheus: PrometheusClient;
}): Promise<express.Router> {
  const { httpAuth, catalog, prometheus } = options;
  const router = Router();
  router.use(express.json());

  /**
   * All requested panels of one entity over one range. The browser names panels from the
   * catalog; the PromQL is built here from the entity's annotations.
   */
  router.get('/panels', async (req, res) => {
    const parsed = panelsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(`Invalid request: ${describeIssues(parsed.error)}`);
    }
    const q = parsed.data;

    const panelIds = q.panels
      ? q.panels.split(',').filter(Boolean)
      : PANEL_CATALOG.map(p => p.id);
    const panels = panelIds.map(id => {
      const panel = findPanel(id);
      if (!panel) {
        throw new InputError(
          `Invalid request: panels: unknown panel id '${id}' (known: ${PANEL_CATALOG.map(
            p => p.id,
          ).join(', ')})`,
        );
      }
      return panel;
    });

    const { entity, entityRef } = await resolveEntity(
      { httpAuth, catalog },
      req,
      q.entityRef,
    );
    if (!isMonitoringAvailable(entity)) {
      throw new InputError(
        `Entity ${entityRef} has no ${ANNOTATION_PROMETHEUS_JOB} annotation, so it has no metrics to show`,
      );
    }

    const instanceName =
      entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_INSTANCE];
    const instance = prometheus.getInstance(instanceName);
    if (!instance) {
      throw new InputError(
        instanceName
          ? `Entity ${entityRef} annotation ${ANNOTATION_PROMETHEUS_INSTANCE} names Prometheus instance '${instanceName}', which is not configured (configured: ${
              prometheus.instanceNames().join(', ') || 'none'
            })`
          : 'No Prometheus instance is configured: add monitoring.prometheus.instances to app-config',
      );
    }

    const range = alignRange(
      q.start,
      q.end,
      q.maxDataPoints,
      instance.scrapeIntervalSeconds,
    );
    const results = await runPanels({
      prometheus,
      instance,
      matchers: entityMatchers(entity),
      panels,
      range,
    });
    const body: PanelsResponse = {
      entityRef,
      prometheus: instance.name,
      ...range,
      panels: results,
    };
    res.json(body);
  });

  return router;
}
