import { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import {
  MonitoringMetrics,
  PrometheusClient,
  PrometheusInstance,
  PrometheusResponse,
} from '@internal/plugin-monitoring-node';
import { BoundedTtlStore, jsonBytes } from './BoundedTtlStore';
import { SharedFlights } from './SharedFlights';

/** The part of the Prometheus client that panels need; the cache offers the same surface. */
export interface PrometheusQueries {
  query(
    instance: PrometheusInstance,
    params: {
      query: string;
      time: number;
      /** The step `time` is aligned to, when it is: the answer holds until the next one. */
      step?: number;
      /** The caller gives up (denied); a shared query is cancelled when all its callers have. */
      signal?: AbortSignal;
    },
  ): Promise<PrometheusResponse>;
  queryRange(
    instance: PrometheusInstance,
    params: {
      query: string;
      start: number;
      end: number;
      step: number;
      signal?: AbortSignal;
    },
  ): Promise<PrometheusResponse>;
  /** Values of a label among the series of a selector in a window (an index lookup). */
  labelValues(
    instance: PrometheusInstance,
    params: { label: string; match: string; start: number; end: number },
  ): Promise<string[]>;
}

/** Memory for answers when no shared cache (Redis, memcache) is configured. */
const DEFAULT_LOCAL_MAX_BYTES = 64 * 1024 * 1024;

/** The part of `coreServices.cache` the panels use. */
type AnswerStore = Pick<CacheService, 'get' | 'set'>;

/** A byte-bounded in-process store behind the cache service's surface. */
function localStore(maxBytes: number, now?: () => number): AnswerStore {
  const store = BoundedTtlStore.create<PrometheusResponse>({
    maxBytes,
    sizeOf: jsonBytes,
    now,
  });
  return {
    get: async (key: string) => store.get(key) as any,
    set: async (key: string, value: unknown, options?: { ttl?: unknown }) =>
      store.set(
        key,
        value as PrometheusResponse,
        typeof options?.ttl === 'number' ? options.ttl : 60_000,
      ),
  };
}

/** Shortest and longest time a panel result is reused. */
const MIN_TTL_MS = 1_000;
const MAX_TTL_MS = 5 * 60_000;

/**
 * How long an answer for a range ending at `alignedEnd` stays valid. A live range (ending within
 * two steps or two minutes of now) is answered until `alignedEnd + step`, when the next aligned
 * range exists. A range that ended well in the past (an incident link opened later) no longer
 * changes: it is kept for the maximum. Always between 1 s and 5 min.
 */
export function cacheTtlMs(
  alignedEnd: number,
  stepSeconds: number,
  nowMs: number,
  /**
   * For a range whose last point lies in the future (the panels' grid ends at or after now):
   * that point gains the samples of every scrape until then, so the answer is kept only until
   * the next scrape. Views within the step still share the key.
   */
  scrapeSeconds?: number,
): number {
  if (scrapeSeconds && alignedEnd * 1000 > nowMs) {
    const lastScrape = Math.floor(nowMs / 1000 / scrapeSeconds) * scrapeSeconds;
    return cacheTtlMs(lastScrape, scrapeSeconds, nowMs);
  }
  const settledMs = Math.max(2 * stepSeconds, 120) * 1000;
  if (nowMs - alignedEnd * 1000 > settledMs) return MAX_TTL_MS;
  const ttl = (alignedEnd + stepSeconds) * 1000 - nowMs;
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, ttl));
}

/**
 * Incident load protection in front of Prometheus. Identical queries in flight in this process
 * share one upstream request (single-flight); answers are kept until the next step boundary — in
 * `coreServices.cache` when it is shared (Redis/memcache across replicas), else in a byte-bounded
 * in-process store (Backstage's memory store only drops an entry when its key is read again, so
 * old windows nobody reopens would pile up) — because the
 * router aligns start/end to the step: every viewer of the same range within one step asks
 * exactly the same question, and its answer can only change when a new step begins.
 * Errors are never cached, so a recovered Prometheus is seen at the next refresh.
 */
export class PrometheusQueryCache implements PrometheusQueries {
  private readonly inFlight = SharedFlights.create<
    PrometheusResponse | string[]
  >();

  private constructor(
    private readonly prometheus: PrometheusClient,
    private readonly cache: AnswerStore,
    private readonly metrics: MonitoringMetrics,
    private readonly now: () => number,
  ) {}

  static create(options: {
    prometheus: PrometheusClient;
    /** A shared cache (Redis, memcache); answers stay in this process, bounded, when absent. */
    cache?: CacheService;
    /** Budget of the in-process store (default 64 MiB). */
    localMaxBytes?: number;
    metrics: MonitoringMetrics;
    /** Clock in ms, injectable for tests. */
    now?: () => number;
  }): PrometheusQueryCache {
    return new PrometheusQueryCache(
      options.prometheus,
      options.cache ??
        localStore(
          options.localMaxBytes ?? DEFAULT_LOCAL_MAX_BYTES,
          options.now,
        ),
      options.metrics,
      options.now ?? Date.now,
    );
  }

  query(
    instance: PrometheusInstance,
    params: {
      query: string;
      time: number;
      step?: number;
      signal?: AbortSignal;
    },
  ): Promise<PrometheusResponse> {
    // Instant values (stats, tables, the health card) are evaluated at "now" aligned to the
    // scrape interval and hold until the next scrape, unless the caller names another step.
    return this.cached(
      ['query', instance.name, params.query, params.time],
      this.ttlUntilNextStep(
        params.time,
        params.step ?? instance.scrapeIntervalSeconds,
      ),
      signal =>
        this.prometheus.query(instance, {
          query: params.query,
          time: params.time,
          signal,
        }),
      params.signal,
    );
  }

  queryRange(
    instance: PrometheusInstance,
    params: {
      query: string;
      start: number;
      end: number;
      step: number;
      signal?: AbortSignal;
    },
  ): Promise<PrometheusResponse> {
    const { signal: callerSignal, ...range } = params;
    return this.cached(
      [
        'query_range',
        instance.name,
        params.query,
        params.start,
        params.end,
        params.step,
      ],
      cacheTtlMs(
        params.end,
        params.step,
        this.now(),
        instance.scrapeIntervalSeconds,
      ),
      signal => this.prometheus.queryRange(instance, { ...range, signal }),
      callerSignal,
    );
  }

  labelValues(
    instance: PrometheusInstance,
    params: { label: string; match: string; start: number; end: number },
  ): Promise<string[]> {
    // Which metrics an entity has changes with deploys, not with every step: kept for the
    // longest TTL (callers align start/end so equal views share the key).
    return this.cached(
      [
        'label_values',
        instance.name,
        params.label,
        params.match,
        params.start,
        params.end,
      ],
      MAX_TTL_MS,
      () => this.prometheus.labelValues(instance, params),
    );
  }

  private ttlUntilNextStep(alignedEnd: number, stepSeconds: number): number {
    return cacheTtlMs(alignedEnd, stepSeconds, this.now());
  }

  private async cached<T extends PrometheusResponse | string[]>(
    keyParts: Array<string | number>,
    ttlMs: number,
    load: (signal: AbortSignal) => Promise<T>,
    callerSignal?: AbortSignal,
  ): Promise<T> {
    const key = `prometheus:${createHash('sha256')
      .update(JSON.stringify(keyParts))
      .digest('hex')}`;

    const { promise, joined } = this.inFlight.run(
      key,
      async signal => {
        // A cache outage (Redis down) costs speed, never answers: fall through to Prometheus.
        const hit = (await this.cache.get(key).catch(() => undefined)) as
          | T
          | undefined;
        if (hit) {
          this.metrics.cacheRequests.inc({ result: 'hit' });
          return hit;
        }
        this.metrics.cacheRequests.inc({ result: 'miss' });
        const response = await load(signal);
        await this.cache
          .set(key, response as any, { ttl: ttlMs })
          .catch(() => undefined);
        return response;
      },
      callerSignal,
    );
    if (joined) this.metrics.coalescedRequests.inc();
    return promise as Promise<T>;
  }
}
