import {
  LokiClient,
  LokiInstance,
  LokiQueryData,
  LokiQueryRangeParams,
  MonitoringMetrics,
} from '@internal/plugin-monitoring-node';
import { BoundedTtlStore } from './BoundedTtlStore';
import { SharedFlights } from './SharedFlights';

/** The part of the Loki client the Logs tab needs; the cache offers the same surface. */
export interface LokiQueries {
  queryRange(
    instance: LokiInstance,
    params: LokiQueryRangeParams,
  ): Promise<LokiQueryData>;
}

/** How long an answer is reused: viewers opening the same range within it share one query. */
const DEFAULT_TTL_MS = 5_000;
/** Most memory held by kept answers (estimated from their text). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Rough size of an answer in memory: its strings, twice (UTF-16), plus per-entry overhead. */
function sizeOf(data: LokiQueryData): number {
  let chars = 0;
  if (data.resultType === 'streams') {
    for (const s of data.result) {
      chars += JSON.stringify(s.stream).length;
      for (const [ts, line] of s.values) chars += ts.length + line.length + 32;
    }
  } else {
    for (const s of data.result) {
      chars += JSON.stringify(s.metric).length + s.values.length * 24;
    }
  }
  return chars * 2 + 256;
}

/**
 * Incident load protection in front of Loki: identical queries in flight in this process share
 * one upstream request (same instance, LogQL, range, limit, direction, step: a "load older" page
 * is another range), and answers are kept a few seconds in memory, bounded in bytes (the oldest
 * go first), so fifty people opening one entity's logs cost Loki about one query. Log pages can be
 * megabytes, hence a local byte-bounded store rather than `coreServices.cache`. Errors are never
 * kept.
 */
export class LokiQueryCache implements LokiQueries {
  private readonly inFlight = SharedFlights.create<LokiQueryData>();

  private constructor(
    private readonly loki: Pick<LokiClient, 'queryRange'>,
    private readonly metrics: MonitoringMetrics,
    private readonly ttlMs: number,
    private readonly kept: BoundedTtlStore<LokiQueryData>,
  ) {}

  static create(options: {
    loki: Pick<LokiClient, 'queryRange'>;
    metrics: MonitoringMetrics;
    ttlMs?: number;
    maxBytes?: number;
    /** Clock in ms, injectable for tests. */
    now?: () => number;
  }): LokiQueryCache {
    return new LokiQueryCache(
      options.loki,
      options.metrics,
      options.ttlMs ?? DEFAULT_TTL_MS,
      BoundedTtlStore.create({
        maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
        sizeOf,
        now: options.now,
      }),
    );
  }

  /** Bytes held now (estimated); for tests and the bench. */
  get heldBytes(): number {
    return this.kept.heldBytes;
  }

  async queryRange(
    instance: LokiInstance,
    params: LokiQueryRangeParams,
  ): Promise<LokiQueryData> {
    const key = JSON.stringify([
      instance.name,
      params.query,
      String(params.start),
      String(params.end),
      params.limit ?? null,
      params.direction ?? null,
      params.step ?? null,
    ]);
    const hit = this.kept.get(key);
    if (hit) {
      this.metrics.cacheRequests.inc({ result: 'hit' });
      return hit;
    }
    const { signal, ...query } = params;
    const { promise, joined } = this.inFlight.run(
      key,
      async flightSignal => {
        const data = await this.loki.queryRange(instance, {
          ...query,
          signal: flightSignal,
        });
        this.kept.set(key, data, this.ttlMs);
        return data;
      },
      signal,
    );
    if (joined) this.metrics.coalescedRequests.inc();
    else this.metrics.cacheRequests.inc({ result: 'miss' });
    return promise;
  }
}
