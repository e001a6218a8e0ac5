import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  LokiInstance,
  readUpstreamInstances,
  UpstreamInstances,
} from '../config/readInstances';
import {
  UpstreamHttpClient,
  UpstreamPhrases,
  UpstreamRequest,
} from '../http/UpstreamHttpClient';
import { UpstreamRequestError } from '../http/UpstreamRequestError';
import {
  MonitoringMetrics,
  monitoringMetricsServiceRef,
} from '../metrics/MonitoringMetrics';
import { labelValuesSchema, queryRangeSchema } from './schemas';
import type { LokiQueryData, LokiQueryRangeParams } from './types';

/** Wait before the one retry of a 429 when Loki sends no `Retry-After`. */
const DEFAULT_RETRY_DELAY_MS = 1000;
/** A longer `Retry-After` is not waited for: the user would rather see the message. */
const MAX_RETRY_DELAY_MS = 3000;

/** Longest upstream error text put into a message (an HTML error page must not fill the UI). */
const MAX_DETAIL = 500;

/**
 * Loki answers most errors in text/plain (`parse error at line 1, col 5: …`); some proxies and
 * newer paths answer Prometheus-style JSON. Either way the user sees Loki's own words.
 */
function detailOf(body: unknown, text: string): string {
  let message = '';
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') message = error;
  else if (typeof body === 'string') message = body;
  else if (body === undefined) message = text.trim();
  if (!message) return '';
  return `: ${
    message.length > MAX_DETAIL ? `${message.slice(0, MAX_DETAIL)}…` : message
  }`;
}

const phrases: UpstreamPhrases = {
  label: 'Loki',
  timeoutAdvice: 'Try a shorter time range or a narrower query.',
  httpError({ where, status, body, text }) {
    const detail = detailOf(body, text);
    if (status === 400 || status === 422) {
      return `${where} rejected the query (${status})${detail}`;
    }
    if (status === 401 || status === 403) {
      return `${where} refused access (${status}). Check the instance's headers/tenant in monitoring.loki.instances.`;
    }
    if (status === 429) {
      return `${where} is rate limiting requests (429)${detail}. Wait a moment and refresh.`;
    }
    if (status === 503 || status === 504) {
      return `${where} could not finish the query (${status})${detail}. Try a shorter time range.`;
    }
    return `${where} answered ${status}${detail}`;
  },
  malformed: where =>
    `${where} returned a malformed response (expected Loki API JSON). Check that baseUrl points at the Loki HTTP API.`,
};

/**
 * The one client of Loki's HTTP API (log and metric range queries, label values), for every
 * configured Loki instance (`monitoring.loki`, tenant sent as `X-Scope-OrgID`).
 *
 * @public
 */
export class LokiClient {
  private constructor(
    private readonly instances: UpstreamInstances<LokiInstance>,
    private readonly http: UpstreamHttpClient,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Reads and validates `monitoring.loki` once, at start. */
  static create(options: {
    config: RootConfigService;
    metrics?: MonitoringMetrics;
    /** Waits before a retry; injectable for tests. */
    sleep?: (ms: number) => Promise<void>;
  }): LokiClient {
    return new LokiClient(
      readUpstreamInstances(options.config, 'loki'),
      UpstreamHttpClient.create({
        upstream: 'loki',
        phrases,
        metrics:
          options.metrics ??
          MonitoringMetrics.create({ defaultMetrics: false }),
      }),
      options.sleep ??
        (ms => new Promise(resolve => setTimeout(resolve, ms).unref?.())),
    );
  }

  /** The named instance, or the default when `name` is undefined; undefined when unknown. */
  getInstance(name?: string): LokiInstance | undefined {
    return this.instances.getInstance(name);
  }

  instanceNames(): string[] {
    return this.instances.instanceNames();
  }

  // GET, as Loki's API reference documents it; LogQL built by the plugin is short.

  /** `GET /loki/api/v1/query_range`: lines for a log query, a matrix for a metric query. */
  async queryRange(
    instance: LokiInstance,
    params: LokiQueryRangeParams,
  ): Promise<LokiQueryData> {
    const search = new URLSearchParams({
      query: params.query,
      start: String(params.start),
      end: String(params.end),
    });
    if (params.limit !== undefined) search.set('limit', String(params.limit));
    if (params.direction) search.set('direction', params.direction);
    if (params.step !== undefined) search.set('step', String(params.step));
    const body = await this.request(instance, {
      signal: params.signal,
      endpoint: 'query_range',
      path: `/loki/api/v1/query_range?${search}`,
      schema: queryRangeSchema,
    });
    return body.data;
  }

  /** `GET /loki/api/v1/label/<name>/values`, optionally within a range and for a selector. */
  async labelValues(
    instance: LokiInstance,
    params: {
      label: string;
      start?: string | number;
      end?: string | number;
      query?: string;
    },
  ): Promise<string[]> {
    const search = new URLSearchParams();
    if (params.start !== undefined) search.set('start', String(params.start));
    if (params.end !== undefined) search.set('end', String(params.end));
    if (params.query !== undefined) search.set('query', params.query);
    const query = search.size ? `?${search}` : '';
    const body = await this.request(instance, {
      endpoint: 'label_values',
      path: `/loki/api/v1/label/${encodeURIComponent(
        params.label,
      )}/values${query}`,
      schema: labelValuesSchema,
    });
    return body.data ?? [];
  }

  /**
   * One request, retried once when Loki rate limits it (429): after its `Retry-After` when that
   * is at most 3 s, else after 1 s. A second 429 reaches the caller, saying so.
   */
  private async request<T>(
    instance: LokiInstance,
    request: UpstreamRequest<T>,
  ): Promise<T> {
    try {
      return await this.http.request(instance, request);
    } catch (e) {
      if (!(e instanceof UpstreamRequestError) || e.status !== 429) throw e;
      const asked =
        e.retryAfterSeconds !== undefined
          ? e.retryAfterSeconds * 1000
          : DEFAULT_RETRY_DELAY_MS;
      if (asked > MAX_RETRY_DELAY_MS) throw e;
      await this.sleep(asked);
      return this.http.request(instance, request);
    }
  }
}

/**
 * Service ref so tests (and adopters) can swap the Loki client.
 *
 * @public
 */
export const lokiClientServiceRef = createServiceRef<LokiClient>({
  id: 'monitoring.loki-client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        metrics: monitoringMetricsServiceRef,
      },
      factory: ({ config, metrics }) => LokiClient.create({ config, metrics }),
    }),
});
