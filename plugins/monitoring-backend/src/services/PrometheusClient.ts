import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseDuration } from '@internal/plugin-monitoring-common';
import type { PrometheusRuleGroup } from './prometheusRules';
import {
  MonitoringMetrics,
  monitoringMetricsServiceRef,
  UpstreamOutcome,
} from './MonitoringMetrics';

/** A configured Prometheus-compatible upstream. Headers never leave the backend. */
export interface PrometheusInstance {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** Browser-reachable URL for "open in Prometheus"; absent = no link. */
  publicUrl?: string;
  scrapeIntervalSeconds: number;
  timeoutMs: number;
}

/** Prometheus' JSON sample value: [unix seconds, "value"]. */
export type PrometheusSample = [number, string];

export type PrometheusData =
  | {
      resultType: 'matrix';
      result: Array<{
        metric: Record<string, string>;
        values: PrometheusSample[];
      }>;
    }
  | {
      resultType: 'vector';
      result: Array<{
        metric: Record<string, string>;
        value: PrometheusSample;
      }>;
    }
  | { resultType: 'scalar' | 'string'; result: PrometheusSample };

export interface PrometheusResponse {
  data: PrometheusData;
  warnings: string[];
}

/**
 * A failed Prometheus request, phrased for the person looking at the panel: which upstream,
 * what happened, what to try next. Never carries headers or stack traces to the browser.
 */
export class PrometheusRequestError extends Error {
  readonly name = 'PrometheusRequestError';
  constructor(
    message: string,
    readonly outcome: Exclude<UpstreamOutcome, 'ok'>,
    readonly status?: number,
  ) {
    super(message);
  }
}

function outcomeOf(error: unknown): UpstreamOutcome {
  return error instanceof PrometheusRequestError
    ? error.outcome
    : 'unreachable';
}

function instancesFromConfig(config: RootConfigService): {
  instances: Map<string, PrometheusInstance>;
  defaultName?: string;
} {
  const instances = new Map<string, PrometheusInstance>();
  const root = config.getOptionalConfig('monitoring.prometheus');
  for (const c of root?.getOptionalConfigArray('instances') ?? []) {
    const name = c.getString('name');
    const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
    if (!URL.canParse(baseUrl)) {
      throw new Error(
        `monitoring.prometheus.instances[${name}].baseUrl is not a URL: ${baseUrl}`,
      );
    }
    const headers: Record<string, string> = {};
    const headerConfig = c.getOptionalConfig('headers');
    for (const key of headerConfig?.keys() ?? []) {
      headers[key] = headerConfig!.getString(key);
    }
    const tenant = c.getOptionalString('tenant');
    if (tenant) headers['X-Scope-OrgID'] = tenant;
    const scrape = c.getOptionalString('scrapeInterval') ?? '15s';
    const timeout = c.getOptionalString('timeout') ?? '15s';
    const scrapeIntervalSeconds = parseDuration(scrape);
    const timeoutSeconds = parseDuration(timeout);
    if (!scrapeIntervalSeconds || !timeoutSeconds) {
      throw new Error(
        `monitoring.prometheus.instances[${name}]: scrapeInterval/timeout must be durations like 15s`,
      );
    }
    if (instances.has(name)) {
      throw new Error(
        `monitoring.prometheus.instances: duplicate name '${name}'`,
      );
    }
    // Links go to the browser: only an explicit externalUrl, or a baseUrl that carries no
    // credentials in headers (a tokenless Prometheus is what a user can open too).
    const externalUrl = c.getOptionalString('externalUrl')?.replace(/\/+$/, '');
    instances.set(name, {
      name,
      baseUrl,
      headers,
      publicUrl:
        externalUrl ?? (Object.keys(headers).length ? undefined : baseUrl),
      scrapeIntervalSeconds,
      timeoutMs: timeoutSeconds * 1000,
    });
  }
  const defaultName =
    root?.getOptionalString('default') ?? instances.keys().next().value;
  if (defaultName && !instances.has(defaultName)) {
    throw new Error(
      `monitoring.prometheus.default names unknown instance '${defaultName}'`,
    );
  }
  return { instances, defaultName };
}

/** The one client of Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`). */
export class PrometheusClient {
  private constructor(
    private readonly instances: Map<string, PrometheusInstance>,
    private readonly defaultName: string | undefined,
    private readonly metrics: MonitoringMetrics,
  ) {}

  /** Reads and validates `monitoring.prometheus` once, at start. */
  static create(options: {
    config: RootConfigService;
    metrics?: MonitoringMetrics;
  }): PrometheusClient {
    const { instances, defaultName } = instancesFromConfig(options.config);
    return new PrometheusClient(
      instances,
      defaultName,
      options.metrics ?? MonitoringMetrics.create({ defaultMetrics: false }),
    );
  }

  /** The named instance, or the default when `name` is undefined; undefined when unknown. */
  getInstance(name?: string): PrometheusInstance | undefined {
    const key = name ?? this.defaultName;
    return key ? this.instances.get(key) : undefined;
  }

  instanceNames(): string[] {
    return [...this.instances.keys()];
  }

  async queryRange(
    instance: PrometheusInstance,
    params: { query: string; start: number; end: number; step: number },
  ): Promise<PrometheusResponse> {
    return this.call(instance, 'query_range', {
      query: params.query,
      start: String(params.start),
      end: String(params.end),
      step: String(params.step),
    });
  }

  async query(
    instance: PrometheusInstance,
    params: { query: string; time: number },
  ): Promise<PrometheusResponse> {
    return this.call(instance, 'query', {
      query: params.query,
      time: String(params.time),
    });
  }

  /** Alerting rule groups with their state (`GET /api/v1/rules?type=alert`). */
  async alertingRules(
    instance: PrometheusInstance,
  ): Promise<PrometheusRuleGroup[]> {
    const response = await this.call(instance, 'rules?type=alert');
    const groups = (response.data as unknown as { groups?: unknown }).groups;
    if (!Array.isArray(groups)) {
      throw new PrometheusRequestError(
        `Prometheus at ${instance.baseUrl} returned a malformed rules response (expected Prometheus API JSON). Check that baseUrl points at the Prometheus HTTP API.`,
        'malformed',
      );
    }
    return (groups as PrometheusRuleGroup[]).map(g => ({
      ...g,
      rules: (g.rules ?? []).filter(r => r.type === 'alerting'),
    }));
  }

  private call(
    instance: PrometheusInstance,
    endpoint: 'query' | 'query_range' | 'rules?type=alert',
    form?: Record<string, string>,
  ): Promise<PrometheusResponse> {
    return this.metrics.track(
      'prometheus',
      endpoint,
      () => this.send(instance, endpoint, form),
      outcomeOf,
    );
  }

  private async send(
    instance: PrometheusInstance,
    endpoint: string,
    form?: Record<string, string>,
  ): Promise<PrometheusResponse> {
    const where = `Prometheus at ${instance.baseUrl}`;
    let response: Response;
    try {
      // POST keeps long queries out of URL length limits; Prometheus, Thanos and Mimir accept it.
      response = await fetch(`${instance.baseUrl}/api/v1/${endpoint}`, {
        method: form ? 'POST' : 'GET',
        headers: {
          ...instance.headers,
          ...(form && { 'Content-Type': 'application/x-www-form-urlencoded' }),
          Accept: 'application/json',
        },
        body: form && new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(instance.timeoutMs),
      });
    } catch (e) {
      const error = e as Error & { cause?: { code?: string } };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        throw new PrometheusRequestError(
          `${where} did not answer within ${
            instance.timeoutMs / 1000
          }s. Try a shorter time range.`,
          'timeout',
        );
      }
      const code = error.cause?.code ? ` (${error.cause.code})` : '';
      throw new PrometheusRequestError(
        `${where} is unreachable${code}. Check that it is running and that monitoring.prometheus.instances has the right baseUrl.`,
        'unreachable',
      );
    }

    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }

    if (!response.ok) {
      const detail = body?.error ? `: ${body.error}` : '';
      const status = response.status;
      if (status === 400 || status === 422) {
        throw new PrometheusRequestError(
          `${where} rejected the query (${status} ${
            body?.errorType ?? 'bad_data'
          })${detail}`,
          'client_error',
          status,
        );
      }
      if (status === 401 || status === 403) {
        throw new PrometheusRequestError(
          `${where} refused access (${status}). Check the instance's headers/tenant in monitoring.prometheus.instances.`,
          'client_error',
          status,
        );
      }
      if (status === 429) {
        throw new PrometheusRequestError(
          `${where} is rate limiting requests (429). Wait a moment and refresh.`,
          'client_error',
          status,
        );
      }
      if (status === 503 || status === 504) {
        throw new PrometheusRequestError(
          `${where} could not finish the query (${status})${detail}. Try a shorter time range.`,
          'server_error',
          status,
        );
      }
      throw new PrometheusRequestError(
        `${where} answered ${status}${detail}`,
        status >= 500 ? 'server_error' : 'client_error',
        status,
      );
    }

    if (
      !body ||
      body.status !== 'success' ||
      typeof body.data !== 'object' ||
      body.data === null
    ) {
      throw new PrometheusRequestError(
        `${where} returned a malformed response (expected Prometheus API JSON). Check that baseUrl points at the Prometheus HTTP API.`,
        'malformed',
        response.status,
      );
    }
    return {
      data: body.data as PrometheusData,
      warnings: Array.isArray(body.warnings) ? body.warnings.map(String) : [],
    };
  }
}

/** Service ref so tests (and adopters) can swap the Prometheus client. */
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
