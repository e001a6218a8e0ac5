import { InputError } from '@backstage/errors';
import {
  alignRange,
  ANNOTATION_PROMETHEUS_JOB,
  entityMatchers,
  MAX_POINTS,
  PanelDefinition,
  PanelsResponse,
  SLO_PANEL_IDS,
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
import { readAlertPeriods, withAlertPeriods } from '../panels/alertPeriods';
import { GrafanaLinks } from '../panels/panelLinks';
import { runPanels } from '../panels/runPanels';
import { entitySloPanels } from '../panels/sloPanels';
import { PrometheusQueries } from '../services/PrometheusQueryCache';
import { ScrapeIntervals } from '../services/ScrapeIntervals';
import { SharedAnswers } from '../services/SharedAnswers';
import { checkRange } from './rangeCheck';

const MAX_RANGE_DAYS = 90;

const panelsQuerySchema = z
  .object({
    entityRef: z.string().min(1),
    panels: z.string().optional(),
    start: z.coerce.number().finite().nonnegative(),
    end: z.coerce.number().finite().nonnegative(),
    maxDataPoints: z.coerce.number().int().min(1).max(MAX_POINTS).default(600),
  })
  .superRefine((q, ctx) => checkRange(q, ctx, MAX_RANGE_DAYS));

/**
 * `GET /panels`: all requested panels of one entity over one range, in one response. The
 * browser names panels; the PromQL is built here from the entity's annotations.
 */
export function addPanelRoutes(
  router: express.Router,
  options: {
    entityAccess: EntityAccess;
    prometheus: PrometheusClient;
    /** Cached, coalesced queries. */
    queries: PrometheusQueries;
    scrapeIntervals: ScrapeIntervals;
    /** Seed catalog plus `monitoring.panels`. */
    panels: PanelDefinition[];
    grafana?: GrafanaLinks;
  },
): void {
  const { entityAccess, prometheus, queries, panels: allPanels } = options;
  // Viewers of one incident link ask the same question: answered, serialized and compressed
  // once for all of them (each still passes its own permission check first).
  const answers = SharedAnswers.create();

  router.get('/panels', async (req, res) => {
    const q = parseRequest(panelsQuerySchema, req.query);
    // De-duplicated and bounded by the catalog's size: `panels=error-rate,error-rate,…` must not
    // multiply the upstream work and the answer. SLO panels are known ids too; whether the entity
    // offers them is decided once it is read.
    const known = [...allPanels.map(p => p.id), ...SLO_PANEL_IDS];
    const requestedIds = q.panels
      ? [...new Set(q.panels.split(',').filter(Boolean))]
      : undefined;
    if (requestedIds && requestedIds.length > known.length) {
      throw new InputError(
        `Invalid request: panels: at most ${known.length} distinct panel ids, got ${requestedIds.length}`,
      );
    }
    for (const id of requestedIds ?? []) {
      if (!known.includes(id)) {
        throw new InputError(
          `Invalid request: panels: unknown panel id '${id}' (known: ${known.join(
            ', ',
          )})`,
        );
      }
    }

    const t0 = performance.now();
    let entityCheckedAt = t0;
    const { result: answer } = await entityAccess.resolveWhile(
      req,
      q.entityRef,
      ({ entity, entityRef }, signal) => {
        entityCheckedAt = performance.now();
        // Everything the answer depends on besides the entity (read at most 30 s ago anyway).
        const key = JSON.stringify([
          entityRef,
          requestedIds ?? 'all',
          q.start,
          q.end,
          q.maxDataPoints,
        ]);
        return answers.prepare(
          key,
          async (computeSignal): Promise<PanelsResponse> => {
            requireAnnotation(
              { entity, entityRef },
              ANNOTATION_PROMETHEUS_JOB,
              'metrics',
            );
            // The catalog's panels plus the entity's SLO panels (when its annotations parse).
            const slo = entitySloPanels({ entity, entityRef, requestedIds });
            const panels = requestedIds
              ? requestedIds.map(
                  id =>
                    allPanels.find(p => p.id === id) ??
                    slo.panels.find(p => p.id === id)!,
                )
              : [...allPanels, ...slo.panels];
            const instance = await entityPrometheus({
              prometheus,
              scrapeIntervals: options.scrapeIntervals,
              entity,
              entityRef,
            });
            const range = alignRange(
              q.start,
              q.end,
              q.maxDataPoints,
              instance.scrapeIntervalSeconds,
            );
            // The alerts' firing periods, to shade, in parallel with the panels.
            const alerts = readAlertPeriods({
              prometheus: queries,
              instance,
              entity,
              range,
              signal: computeSignal,
            });
            // Never an unhandled rejection when the panels fail (or are aborted) first.
            alerts.catch(() => undefined);
            const results = await runPanels({
              prometheus: queries,
              instance,
              matchers: entityMatchers(entity),
              panels,
              range,
              // Stats and tables answer "now" (the end of the range), not the last step boundary,
              // which is up to a step (20 min at 7 d) old. Aligned down to the scrape interval:
              // no newer sample can exist between two scrapes, and every viewer of a "last N"
              // range within one scrape shares one cache entry (kept until the next scrape).
              instantTime:
                Math.floor(q.end / instance.scrapeIntervalSeconds) *
                instance.scrapeIntervalSeconds,
              grafana: options.grafana,
              signal: computeSignal,
            });
            const firing = await alerts;
            return {
              entityRef,
              prometheus: instance.name,
              ...range,
              panels:
                'periods' in firing
                  ? withAlertPeriods(results, firing.periods)
                  : results,
              ...('error' in firing && {
                alertPeriodsError: `Alert periods could not be read: ${firing.error}`,
              }),
              ...(slo.errors.length && { sloErrors: slo.errors }),
            };
          },
          signal,
        );
      },
    );
    // Where the time went, visible in the browser's network panel and to the bench.
    res.setHeader(
      'Server-Timing',
      `entity;dur=${(entityCheckedAt - t0).toFixed(1)}, prometheus;dur=${(
        performance.now() - entityCheckedAt
      ).toFixed(1)}`,
    );
    await answers.send(req, res, answer);
  });
}
