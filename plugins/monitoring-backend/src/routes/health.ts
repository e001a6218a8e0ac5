import {
  ANNOTATION_PROMETHEUS_JOB,
  entityMatchers,
  HealthResponse,
} from '@internal/plugin-monitoring-common';
import {
  parseRequest,
  PrometheusClient,
} from '@internal/plugin-monitoring-node';
import express from 'express';
import { z } from 'zod';
import { EntityAccess } from '../entity/EntityAccess';
import { entityPrometheus } from '../entity/entityPrometheus';
import { requireAnnotation } from '../entity/requireAnnotation';
import { AlertCountSource } from '../health/alertCounts';
import { entityHealth } from '../health/entityHealth';
import { PrometheusQueries } from '../services/PrometheusQueryCache';
import { ScrapeIntervals } from '../services/ScrapeIntervals';

const healthQuerySchema = z.object({ entityRef: z.string().min(1) });

/** `GET /health`: the Overview card (state, error rate, P95, request-rate sparkline, firing alerts). */
export function addHealthRoutes(
  router: express.Router,
  options: {
    entityAccess: EntityAccess;
    prometheus: PrometheusClient;
    /** Cached, coalesced queries. */
    queries: PrometheusQueries;
    scrapeIntervals: ScrapeIntervals;
    alertCounts?: AlertCountSource;
  },
): void {
  const { entityAccess, prometheus, queries, alertCounts } = options;

  router.get('/health', async (req, res) => {
    const q = parseRequest(healthQuerySchema, req.query);
    const { resolved, result } = await entityAccess.resolveWhile(
      req,
      q.entityRef,
      async ({ entity, entityRef }, signal) => {
        requireAnnotation(
          { entity, entityRef },
          ANNOTATION_PROMETHEUS_JOB,
          'metrics',
        );
        const instance = await entityPrometheus({
          prometheus,
          scrapeIntervals: options.scrapeIntervals,
          entity,
          entityRef,
        });
        signal.throwIfAborted();
        return entityHealth({
          prometheus: queries,
          instance,
          matchers: entityMatchers(entity),
          nowSeconds: Date.now() / 1000,
          alerts: alertCounts ? () => alertCounts(entity, signal) : undefined,
          signal,
        });
      },
    );
    const body: HealthResponse = { entityRef: resolved.entityRef, ...result };
    res.json(body);
  });
}
