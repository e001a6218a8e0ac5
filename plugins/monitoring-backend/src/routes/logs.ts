import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_LOKI_APP,
  ANNOTATION_NAMESPACE,
  ANNOTATION_PROMETHEUS_JOB,
  buildLogQuery,
  buildLogVolumeQuery,
  computeStep,
  DEFAULT_LOG_LINES,
  entityLogMatchers,
  formatMatchers,
  LOG_FIELDS,
  LOG_VIEWS,
  LogField,
  LogQuery,
  LogsResponse,
  LogViewId,
  LogVolumeResponse,
  MAX_LOG_LINES,
  monitoringLogsReadPermission,
} from '@internal/plugin-monitoring-common';
import {
  LokiClient,
  LokiQueryData,
  parseRequest,
} from '@internal/plugin-monitoring-node';
import express, { Request } from 'express';
import { z } from 'zod';
import { EntityAccess } from '../entity/EntityAccess';
import { lokiInstanceFor } from '../entity/entityInstance';
import {
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_SKIP,
} from '../logLines/logCursor';
import { logLinks } from '../logLines/logLinks';
import { toLogLines } from '../logLines/logLines';
import { GrafanaLinks } from '../panels/panelLinks';
import { LogLevelSources } from '../services/LogLevelSources';
import { LokiQueries } from '../services/LokiQueryCache';
import { checkRange } from './rangeCheck';
import { upstream } from './upstreamError';

const MAX_RANGE_DAYS = 30;
const MAX_FILTERS = 10;
const MAX_TEXT = 1000;
/** Bars of the volume chart when the browser does not say. */
const DEFAULT_VOLUME_POINTS = 120;
/** The guide's error count window, `[5m]`, widened only when the step is longer. */
const ERROR_COUNT_WINDOW_SECONDS = 300;

const text = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);

/** `contains=a` arrives as a string, `contains=a&contains=b` as an array (express' qs). */
const textList = z.preprocess(
  value => (typeof value === 'string' ? [value] : value),
  z.array(text).max(MAX_FILTERS, `at most ${MAX_FILTERS} filters`),
);

const fieldsSchema = z
  .object(
    Object.fromEntries(LOG_FIELDS.map(f => [f, text.optional()])) as Record<
      LogField,
      z.ZodOptional<typeof text>
    >,
  )
  .strict();

const views = Object.keys(LOG_VIEWS) as [LogViewId, ...LogViewId[]];

const logsQuerySchema = z
  .object({
    entityRef: z.string().min(1),
    view: z.enum(views),
    start: z.coerce.number().finite().nonnegative(),
    end: z.coerce.number().finite().nonnegative(),
    contains: textList.optional(),
    notContains: textList.optional(),
    level: z
      .string()
      .regex(
        /^[A-Za-z0-9_.-]{1,32}$/,
        'must be 1 to 32 letters, digits, _ . or -',
      )
      .optional(),
    fields: fieldsSchema.optional(),
    // LogQL numbers have no exponent: at most a day keeps String(n) plain.
    minDurationMs: z.coerce
      .number()
      .finite()
      .nonnegative()
      .max(86_400_000)
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_LOG_LINES)
      .default(DEFAULT_LOG_LINES),
    cursor: z.string().min(1).max(16_000).optional(),
    /** Points of a metric answer (volume bars, the errorCount view). */
    maxDataPoints: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(DEFAULT_VOLUME_POINTS),
  })
  .superRefine((q, ctx) => {
    checkRange(q, ctx, MAX_RANGE_DAYS);
    if (q.view === 'user' && !q.fields?.user_id) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', 'user_id'],
        message: 'is required by the user view',
      });
    }
  });

type LogsQuery = z.infer<typeof logsQuerySchema>;

/** Unix seconds (ms precision) → Loki's exact nanosecond string form. */
function toNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1000)) * 1_000_000n;
}

function points(values: Array<[number, string]>): Array<[number, number]> {
  return values.map(([t, v]) => [t, Number(v)]);
}

function matrixOf(data: LokiQueryData) {
  if (data.resultType !== 'matrix') {
    throw new Error(`Loki answered ${data.resultType} to a metric query`);
  }
  return data.result;
}

/**
 * `GET /logs` (one page of the entity's lines, newest first, or the errorCount view's series)
 * and `GET /logs/volume` (lines per level per step). The browser names a view and its filters;
 * the LogQL, its stream selector above all, is built here from the entity. Reading logs needs
 * catalog read on the entity (else 404) and `monitoring.logs.read` on it (else 403, and nothing
 * is asked of Loki).
 */
export function addLogRoutes(
  router: express.Router,
  options: {
    entityAccess: EntityAccess;
    permissions: PermissionsService;
    loki: LokiClient;
    /** Cached, coalesced queries. */
    queries: LokiQueries;
    levelSources: LogLevelSources;
    grafana?: GrafanaLinks;
    traceUrlTemplate?: string;
  },
): void {
  const { entityAccess, permissions, loki, queries, levelSources } = options;

  /** The entity, its Loki, its selector and level source, once this user may read its logs. */
  async function logsOf(req: Request, q: LogsQuery) {
    const { resolved, result } = await entityAccess.resolveWhile(
      req,
      q.entityRef,
      async ({ entity, entityRef, credentials }) => {
        const selector = entityLogMatchers(entity);
        if (!selector) {
          throw new InputError(
            `Entity ${entityRef} has no ${ANNOTATION_LOKI_APP} annotation (nor ${ANNOTATION_NAMESPACE} or ${ANNOTATION_PROMETHEUS_JOB}), so it has no logs to show`,
          );
        }
        const [decision] = await permissions.authorize(
          [
            {
              permission: monitoringLogsReadPermission,
              resourceRef: entityRef,
            },
          ],
          { credentials },
        );
        return { selector, allowed: decision.result === AuthorizeResult.ALLOW };
      },
    );
    const { entity, entityRef } = resolved;
    if (!result.allowed) {
      throw new NotAllowedError(
        `You may not read the logs of ${entityRef} (permission ${monitoringLogsReadPermission.name})`,
      );
    }
    const instance = lokiInstanceFor(loki, entity, entityRef);
    const startNs = toNs(q.start);
    const endNs = toNs(q.end);
    const levelSource = await upstream(
      levelSources.forEntity(
        instance,
        entityRef,
        `{${formatMatchers(result.selector)}}`,
        { startNs, endNs },
      ),
    );
    const logQuery: LogQuery = {
      view: q.view,
      contains: q.contains,
      notContains: q.notContains,
      level: q.level,
      levelSource,
      fields: q.fields,
      minDurationMs: q.minDurationMs,
    };
    return {
      entityRef,
      instance,
      selector: result.selector,
      startNs,
      endNs,
      levelSource,
      logQuery,
    };
  }

  router.get('/logs', async (req, res) => {
    const q = parseRequest(logsQuerySchema, req.query);
    const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (
      cursor &&
      (cursor.endNs <= toNs(q.start) || cursor.endNs > toNs(q.end))
    ) {
      throw new InputError(
        'Invalid request: cursor: belongs to another range; pass the same start and end as for the first page',
      );
    }
    const logs = await logsOf(req, q);
    const { instance, selector, startNs, endNs, logQuery } = logs;
    const base = {
      entityRef: logs.entityRef,
      loki: instance.name,
      start: q.start,
      end: q.end,
      levelSource: logs.levelSource,
    };

    if (LOG_VIEWS[q.view].kind === 'metric') {
      const step = computeStep(q.end - q.start, q.maxDataPoints, 1);
      const query = buildLogQuery(
        selector,
        logQuery,
        Math.max(ERROR_COUNT_WINDOW_SECONDS, step),
      );
      const data = await upstream(
        queries.queryRange(instance, {
          query,
          start: startNs.toString(),
          end: endNs.toString(),
          step,
        }),
      );
      const body: LogsResponse = {
        ...base,
        query,
        lines: [],
        series: matrixOf(data).map(s => ({
          labels: s.metric,
          points: points(s.values),
        })),
        links: logLinks({ ...options, query, range: q }),
      };
      res.json(body);
      return;
    }

    const query = buildLogQuery(selector, logQuery);
    const skip = new Set(cursor?.skipIds);
    const queryEndNs = cursor?.endNs ?? endNs;
    // Loki's end is exclusive: a cursor's end is its oldest shown timestamp + 1, read again with
    // as many more lines as were shown there, so a page is still full after dropping them.
    const ask = Math.min(q.limit + skip.size, instance.maxLines);
    const data = await upstream(
      queries.queryRange(instance, {
        query,
        start: startNs.toString(),
        end: queryEndNs.toString(),
        limit: ask,
        direction: 'backward',
      }),
    );
    if (data.resultType !== 'streams') {
      throw new Error(`Loki answered ${data.resultType} to a log query`);
    }
    const all = toLogLines(data.result);
    const lines = (skip.size ? all.filter(l => !skip.has(l.id)) : all).slice(
      0,
      q.limit,
    );

    const warnings: string[] = [];
    let nextCursor: string | undefined;
    // Fewer lines than asked: Loki has nothing older in the range.
    if (all.length >= ask) {
      const oldest = lines.length
        ? BigInt(lines[lines.length - 1].timestampNs)
        : queryEndNs - 1n;
      const shownThere = [
        ...(oldest + 1n === queryEndNs ? skip : []),
        ...lines.filter(l => BigInt(l.timestampNs) === oldest).map(l => l.id),
      ];
      if (lines.length && shownThere.length <= MAX_CURSOR_SKIP) {
        nextCursor = encodeCursor({
          endNs: oldest + 1n,
          skipIds: shownThere,
        });
      } else {
        // More lines share one nanosecond than a cursor (or one Loki query) can step through.
        warnings.push(
          `More than ${Math.min(
            shownThere.length,
            MAX_CURSOR_SKIP,
          )} lines share the timestamp ${oldest} ns; older pages continue before it, so some of its lines are not shown.`,
        );
        if (oldest > startNs) {
          nextCursor = encodeCursor({ endNs: oldest, skipIds: [] });
        }
      }
    }
    const body: LogsResponse = {
      ...base,
      query,
      lines,
      ...(nextCursor && { nextCursor }),
      links: logLinks({ ...options, query, range: q }),
      ...(warnings.length && { warnings }),
    };
    res.json(body);
  });

  router.get('/logs/volume', async (req, res) => {
    const q = parseRequest(logsQuerySchema, req.query);
    const { instance, selector, startNs, endNs, logQuery, entityRef } =
      await logsOf(req, q);
    const step = computeStep(q.end - q.start, q.maxDataPoints, 1);
    const query = buildLogVolumeQuery(selector, logQuery, step);
    const data = await upstream(
      queries.queryRange(instance, {
        query,
        start: startNs.toString(),
        end: endNs.toString(),
        step,
      }),
    );
    const body: LogVolumeResponse = {
      entityRef,
      loki: instance.name,
      query,
      start: q.start,
      end: q.end,
      step,
      series: matrixOf(data).map(s => ({
        level: s.metric.level || 'unknown',
        points: points(s.values),
      })),
    };
    res.json(body);
  });
}
