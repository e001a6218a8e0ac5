import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  formatAlertmanagerFilter,
  SilenceMatcher,
} from '@internal/plugin-monitoring-common';
import { z } from 'zod';
import {
  readUpstreamInstances,
  UpstreamInstance,
  UpstreamInstances,
} from '../config/readInstances';
import {
  UpstreamHttpClient,
  UpstreamPhrases,
} from '../http/UpstreamHttpClient';
import { UpstreamRequestError } from '../http/UpstreamRequestError';
import {
  MonitoringMetrics,
  monitoringMetricsServiceRef,
} from '../metrics/MonitoringMetrics';
import {
  alertsSchema,
  createdSilenceSchema,
  silenceSchema,
  silencesSchema,
} from './schemas';
import type {
  AlertmanagerAlert,
  AlertmanagerNewSilence,
  AlertmanagerSilence,
} from './types';

/**
 * A configured Alertmanager. Headers never leave the backend.
 *
 * @public
 */
export type AlertmanagerInstance = UpstreamInstance;

/** Alertmanager's own words for its failures; the tests and the frontend rely on these. */
const phrases: UpstreamPhrases = {
  label: 'Alertmanager',
  timeoutAdvice: 'Check that it is healthy, then retry.',
  httpError({ where, status, body, method, path }) {
    // Alertmanager v2 errors are a bare JSON string, or {code, message} from its validator.
    const message =
      typeof body === 'string'
        ? body
        : (body as { message?: unknown } | undefined)?.message;
    const detail = typeof message === 'string' ? `: ${message}` : '';
    if (status === 400 || status === 422) {
      return `${where} rejected the request (${status})${detail}`;
    }
    if (status === 401 || status === 403) {
      return `${where} refused access (${status}). Check the instance's headers in monitoring.alertmanager.instances.`;
    }
    if (status === 404) {
      return `${where} answered 404 for ${method} ${path}. Check that baseUrl points at Alertmanager (without /api/v2).`;
    }
    return `${where} answered ${status}${detail}. Retry in a moment; if it persists, check Alertmanager's logs.`;
  },
  malformed: where =>
    `${where} returned a malformed response (expected Alertmanager API v2 JSON). Check that baseUrl points at Alertmanager.`,
};

function filterParams(matchers: SilenceMatcher[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const m of matchers)
    params.append('filter', formatAlertmanagerFilter(m));
  return params;
}

/**
 * The one client of Alertmanager's API v2 (alerts and silences).
 *
 * @public
 */
export class AlertmanagerClient {
  private constructor(
    private readonly instances: UpstreamInstances<AlertmanagerInstance>,
    private readonly http: UpstreamHttpClient,
  ) {}

  /** Reads and validates `monitoring.alertmanager` once, at start. */
  static create(options: {
    config: RootConfigService;
    metrics?: MonitoringMetrics;
  }): AlertmanagerClient {
    return new AlertmanagerClient(
      readUpstreamInstances(options.config, 'alertmanager'),
      UpstreamHttpClient.create({
        upstream: 'alertmanager',
        phrases,
        metrics:
          options.metrics ??
          MonitoringMetrics.create({ defaultMetrics: false }),
      }),
    );
  }

  /** The named instance, or the default when `name` is undefined; undefined when unknown. */
  getInstance(name?: string): AlertmanagerInstance | undefined {
    return this.instances.getInstance(name);
  }

  instanceNames(): string[] {
    return this.instances.instanceNames();
  }

  /**
   * Alerts matching every matcher (values escaped), active, silenced and inhibited alike, so a
   * caller can show what is suppressed and by what.
   */
  async getAlerts(
    instance: AlertmanagerInstance,
    matchers: SilenceMatcher[],
    options?: {
      /** Cancels the request (its caller was denied). */
      signal?: AbortSignal;
    },
  ): Promise<AlertmanagerAlert[]> {
    const params = filterParams(matchers);
    for (const flag of ['active', 'silenced', 'inhibited', 'unprocessed']) {
      params.append(flag, 'true');
    }
    return this.http.request(instance, {
      signal: options?.signal,
      endpoint: 'alerts',
      path: `/api/v2/alerts?${params}`,
      schema: alertsSchema,
    });
  }

  /** Silences whose matchers include every given equality matcher (Alertmanager's filter). */
  async getSilences(
    instance: AlertmanagerInstance,
    matchers: SilenceMatcher[],
  ): Promise<AlertmanagerSilence[]> {
    return this.http.request(instance, {
      endpoint: 'silences',
      path: `/api/v2/silences?${filterParams(matchers)}`,
      schema: silencesSchema,
    });
  }

  /** One silence, or undefined when Alertmanager does not know the id. */
  async getSilence(
    instance: AlertmanagerInstance,
    id: string,
  ): Promise<AlertmanagerSilence | undefined> {
    try {
      return await this.http.request(instance, {
        endpoint: 'silence',
        path: `/api/v2/silence/${encodeURIComponent(id)}`,
        schema: silenceSchema,
      });
    } catch (e) {
      if (e instanceof UpstreamRequestError && e.status === 404) {
        return undefined;
      }
      throw e;
    }
  }

  /** Creates a silence and returns its id. Alertmanager's 400 message is passed through. */
  async createSilence(
    instance: AlertmanagerInstance,
    silence: AlertmanagerNewSilence,
  ): Promise<string> {
    const body = await this.http.request(instance, {
      endpoint: 'create_silence',
      method: 'POST',
      path: '/api/v2/silences',
      json: silence,
      schema: createdSilenceSchema,
    });
    return body.silenceID;
  }

  /** Expires (ends now) a silence. */
  async expireSilence(
    instance: AlertmanagerInstance,
    id: string,
  ): Promise<void> {
    await this.http.request(instance, {
      endpoint: 'expire_silence',
      method: 'DELETE',
      path: `/api/v2/silence/${encodeURIComponent(id)}`,
      schema: z.unknown(),
    });
  }
}

/**
 * Service ref so tests (and adopters) can swap the Alertmanager client.
 *
 * @public
 */
export const alertmanagerClientServiceRef =
  createServiceRef<AlertmanagerClient>({
    id: 'monitoring.alertmanager-client',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          metrics: monitoringMetricsServiceRef,
        },
        factory: ({ config, metrics }) =>
          AlertmanagerClient.create({ config, metrics }),
      }),
  });
