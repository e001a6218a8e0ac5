import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
} from 'prom-client';

/**
 * Which upstream a request went to.
 *
 * @public
 */
export type Upstream = 'prometheus' | 'alertmanager' | 'loki' | 'kubernetes';

/**
 * How an upstream request ended: `ok`, or the class of failure (`too_large`: the answer
 * exceeded the instance's `maxResponseBytes`).
 *
 * @public
 */
export type UpstreamOutcome =
  | 'ok'
  | 'client_error'
  | 'server_error'
  | 'timeout'
  | 'unreachable'
  | 'malformed'
  | 'too_large'
  /** Cancelled by the caller (its user was denied), not an upstream failure. */
  | 'aborted';

/**
 * The backend's own metrics (prom-client), served at `GET /api/monitoring/metrics` so the
 * monitoring of the monitoring is a plain Prometheus scrape. One registry per plugin instance,
 * so several backends in one test process never clash on metric names.
 *
 * @public
 */
export class MonitoringMetrics {
  readonly registry: Registry;
  readonly upstreamRequests: Counter<'upstream' | 'endpoint' | 'outcome'>;
  readonly upstreamDuration: Histogram<'upstream' | 'endpoint' | 'outcome'>;
  readonly cacheRequests: Counter<'result'>;
  readonly coalescedRequests: Counter<never>;

  private constructor(registry: Registry) {
    this.registry = registry;
    this.upstreamRequests = new Counter({
      name: 'monitoring_upstream_requests_total',
      help: 'Requests the monitoring backend sent upstream, by upstream, endpoint and outcome',
      labelNames: ['upstream', 'endpoint', 'outcome'],
      registers: [registry],
    });
    this.upstreamDuration = new Histogram({
      name: 'monitoring_upstream_request_duration_seconds',
      help: 'Latency of upstream requests, by upstream, endpoint and outcome',
      labelNames: ['upstream', 'endpoint', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.cacheRequests = new Counter({
      name: 'monitoring_query_cache_requests_total',
      help: 'Panel query lookups in the cache: result="hit" or "miss"',
      labelNames: ['result'],
      registers: [registry],
    });
    this.coalescedRequests = new Counter({
      name: 'monitoring_query_coalesced_total',
      help: 'Panel queries that joined an identical query already in flight instead of going upstream',
      registers: [registry],
    });
  }

  static create(options: { defaultMetrics?: boolean } = {}): MonitoringMetrics {
    const registry = new Registry();
    if (options.defaultMetrics ?? true) {
      // process_resident_memory_bytes, event loop lag, GC: what the bench reads for RSS growth.
      collectDefaultMetrics({ register: registry });
    }
    return new MonitoringMetrics(registry);
  }

  /** Times one upstream call and counts it with the outcome its error (if any) maps to. */
  async track<T>(
    upstream: Upstream,
    endpoint: string,
    call: () => Promise<T>,
    outcomeOf: (error: unknown) => UpstreamOutcome,
  ): Promise<T> {
    const stop = this.upstreamDuration.startTimer({ upstream, endpoint });
    let outcome: UpstreamOutcome = 'ok';
    try {
      return await call();
    } catch (e) {
      outcome = outcomeOf(e);
      throw e;
    } finally {
      stop({ outcome });
      this.upstreamRequests.inc({ upstream, endpoint, outcome });
    }
  }
}

/**
 * Service ref so every upstream client of the plugin reports into the same registry.
 *
 * @public
 */
export const monitoringMetricsServiceRef = createServiceRef<MonitoringMetrics>({
  id: 'monitoring.metrics',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => MonitoringMetrics.create(),
    }),
});
