import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  readUpstreamInstances,
  PrometheusInstance,
  UpstreamInstances,
} from '../config/readInstances';
import {
  UpstreamHttpClient,
  UpstreamPhrases,
} from '../http/UpstreamHttpClient';
import {
  MonitoringMetrics,
  monitoringMetricsServiceRef,
} from '../metrics/MonitoringMetrics';
import {
  labelValuesSchema,
  querySchema,
  queryRangeSchema,
  rulesSchema,
  targetsSchema,
} from './schemas';
import type {
  PrometheusAlertingRule,
  PrometheusLoadedRuleGroup,
  PrometheusResponse,
  PrometheusRuleGroup,
  PrometheusTarget,
} from './types';

/** Prometheus' own words for its failures; the tests and the frontend rely on these. */
const phrases: UpstreamPhrases = {
  label: 'Prometheus',
  timeoutAdvice: 'Try a shorter time range.',
  httpError({ where, status, body }) {
    const answer = body as { error?: unknown; errorType?: unknown } | undefined;
    const detail = answer?.error ? `: ${answer.error}` : '';
    if (status === 400 || status === 422) {
      return `${where} rejected the query (${status} ${
        answer?.errorType ?? 'bad_data'
      })${detail}`;
    }
    if (status === 401 || status === 403) {
      return `${where} refused access (${status}). Check the instance's headers/tenant in monitoring.prometheus.instances.`;
    }
    if (status === 429) {
      return `${where} is rate limiting requests (429). Wait a moment and refresh.`;
    }
    if (status === 503 || status === 504) {
      return `${where} could not finish the query (${status})${detail}. Try a shorter time range.`;
    }
    return `${where} answered ${status}${detail}`;
  },
  malformed: (where, endpoint) =>
    `${where} returned a malformed ${
      endpoint.startsWith('rules') ? 'rules ' : ''
    }response (expected Prometheus API JSON). Check that baseUrl points at the Prometheus HTTP API.`,
};

function warningsOf(body: { warnings?: unknown[] }): string[] {
  return (body.warnings ?? []).map(String);
}

/**
 * The one client of Prometheus' HTTP API (queries, rules, targets), for every configured
 * Prometheus-compatible instance.
 *
 * @public
 */
export class PrometheusClient {
  private constructor(
    private readonly instances: UpstreamInstances<PrometheusInstance>,
    private readonly http: UpstreamHttpClient,
  ) {}

  /** Reads and validates `monitoring.prometheus` once, at start. */
  static create(options: {
    config: RootConfigService;
    metrics?: MonitoringMetrics;
  }): PrometheusClient {
    return new PrometheusClient(
      readUpstreamInstances(options.config, 'prometheus'),
      UpstreamHttpClient.create({
        upstream: 'prometheus',
        phrases,
        metrics:
          options.metrics ??
          MonitoringMetrics.create({ defaultMetrics: false }),
      }),
    );
  }

  /** The named instance, or the default when `name` is undefined; undefined when unknown. */
  getInstance(name?: string): PrometheusInstance | undefined {
    return this.instances.getInstance(name);
  }

  instanceNames(): string[] {
    return this.instances.instanceNames();
  }

  // POST keeps long queries out of URL length limits; Prometheus, Thanos and Mimir accept it.

  async queryRange(
    instance: PrometheusInstance,
    params: {
      query: string;
      start: number;
      end: number;
      step: number;
      /** Cancels the query (its caller was denied). */
      signal?: AbortSignal;
    },
  ): Promise<PrometheusResponse> {
    const body = await this.http.request(instance, {
      signal: params.signal,
      endpoint: 'query_range',
      path: '/api/v1/query_range',
      form: {
        query: params.query,
        start: String(params.start),
        end: String(params.end),
        step: String(params.step),
      },
      schema: queryRangeSchema,
    });
    return { data: body.data, warnings: warningsOf(body) };
  }

  async query(
    instance: PrometheusInstance,
    params: {
      query: string;
      time: number;
      /** Cancels the query (its caller was denied). */
      signal?: AbortSignal;
    },
  ): Promise<PrometheusResponse> {
    const body = await this.http.request(instance, {
      signal: params.signal,
      endpoint: 'query',
      path: '/api/v1/query',
      form: { query: params.query, time: String(params.time) },
      schema: querySchema,
    });
    return { data: body.data, warnings: warningsOf(body) };
  }

  /**
   * The values of one label among the series matching a selector within a window
   * (`GET /api/v1/label/<name>/values?match[]=…`): an index lookup, no samples are read. With
   * `__name__`, which metrics an entity exports.
   */
  async labelValues(
    instance: PrometheusInstance,
    params: { label: string; match: string; start: number; end: number },
  ): Promise<string[]> {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(params.label)) {
      throw new Error(`Invalid Prometheus label name '${params.label}'`);
    }
    const search = new URLSearchParams({
      'match[]': params.match,
      start: String(params.start),
      end: String(params.end),
    });
    const body = await this.http.request(instance, {
      endpoint: 'label values',
      path: `/api/v1/label/${params.label}/values?${search}`,
      schema: labelValuesSchema,
    });
    return body.data;
  }

  /** Alerting rule groups with their state (`GET /api/v1/rules?type=alert`). */
  async alertingRules(
    instance: PrometheusInstance,
  ): Promise<PrometheusRuleGroup[]> {
    const body = await this.http.request(instance, {
      endpoint: 'rules?type=alert',
      path: '/api/v1/rules?type=alert',
      schema: rulesSchema,
    });
    return body.data.groups.map(g => ({
      ...g,
      rules: g.rules.filter(
        (r): r is PrometheusAlertingRule => r.type === 'alerting',
      ),
    }));
  }

  /** Every loaded rule group, recording rules included (`GET /api/v1/rules`). */
  async ruleGroups(
    instance: PrometheusInstance,
  ): Promise<PrometheusLoadedRuleGroup[]> {
    const body = await this.http.request(instance, {
      endpoint: 'rules',
      path: '/api/v1/rules',
      schema: rulesSchema,
    });
    return body.data.groups;
  }

  /** Active scrape targets with their health (`GET /api/v1/targets?state=active`). */
  async targets(instance: PrometheusInstance): Promise<PrometheusTarget[]> {
    const body = await this.http.request(instance, {
      endpoint: 'targets',
      path: '/api/v1/targets?state=active',
      schema: targetsSchema,
    });
    return body.data.activeTargets;
  }
}

/**
 * Service ref so tests (and adopters) can swap the Prometheus client.
 *
 * @public
 */
export const prometheusClientServiceRef = createServiceRef<PrometheusClient>({
  id: 'monitoring.prometheus-client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        metrics: monitoringMetricsServiceRef,
      },
      factory: ({ config, metrics }) =>
        PrometheusClient.create({ config, metrics }),
    }),
});
