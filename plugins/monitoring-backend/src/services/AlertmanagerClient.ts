import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  formatAlertmanagerFilter,
  parseDuration,
  SilenceMatcher,
} from '@internal/plugin-monitoring-common';

/** A configured Alertmanager. Headers never leave the backend. */
export interface AlertmanagerInstance {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** An alert as Alertmanager API v2 returns it (`gettableAlert`). */
export interface AlertmanagerAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  generatorURL?: string;
  receivers: Array<{ name: string }>;
  status: {
    state: 'active' | 'suppressed' | 'unprocessed';
    silencedBy: string[];
    inhibitedBy: string[];
  };
}

/** A silence as Alertmanager API v2 returns it (`gettableSilence`). */
export interface AlertmanagerSilence {
  id: string;
  matchers: Array<{
    name: string;
    value: string;
    isRegex: boolean;
    isEqual?: boolean;
  }>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

/** A new silence (`postableSilence`). */
export interface AlertmanagerNewSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/**
 * A failed Alertmanager request, phrased for the person on the Alerts tab: which Alertmanager,
 * what happened, what to do next. `status` is the upstream HTTP status when there was one.
 */
export class AlertmanagerRequestError extends Error {
  readonly name = 'AlertmanagerRequestError';
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

function instancesFromConfig(config: RootConfigService): {
  instances: Map<string, AlertmanagerInstance>;
  defaultName?: string;
} {
  const instances = new Map<string, AlertmanagerInstance>();
  const root = config.getOptionalConfig('monitoring.alertmanager');
  for (const c of root?.getOptionalConfigArray('instances') ?? []) {
    const name = c.getString('name');
    const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
    if (!URL.canParse(baseUrl)) {
      throw new Error(
        `monitoring.alertmanager.instances[${name}].baseUrl is not a URL: ${baseUrl}`,
      );
    }
    const headers: Record<string, string> = {};
    const headerConfig = c.getOptionalConfig('headers');
    for (const key of headerConfig?.keys() ?? []) {
      headers[key] = headerConfig!.getString(key);
    }
    const timeoutSeconds = parseDuration(
      c.getOptionalString('timeout') ?? '10s',
    );
    if (!timeoutSeconds) {
      throw new Error(
        `monitoring.alertmanager.instances[${name}].timeout must be a duration like 10s`,
      );
    }
    if (instances.has(name)) {
      throw new Error(
        `monitoring.alertmanager.instances: duplicate name '${name}'`,
      );
    }
    instances.set(name, {
      name,
      baseUrl,
      headers,
      timeoutMs: timeoutSeconds * 1000,
    });
  }
  const defaultName =
    root?.getOptionalString('default') ?? instances.keys().next().value;
  if (defaultName && !instances.has(defaultName)) {
    throw new Error(
      `monitoring.alertmanager.default names unknown instance '${defaultName}'`,
    );
  }
  return { instances, defaultName };
}

/** The one client of Alertmanager's API v2 (alerts and silences). */
export class AlertmanagerClient {
  private constructor(
    private readonly instances: Map<string, AlertmanagerInstance>,
    private readonly defaultName: string | undefined,
  ) {}

  /** Reads and validates `monitoring.alertmanager` once, at start. */
  static create(options: { config: RootConfigService }): AlertmanagerClient {
    const { instances, defaultName } = instancesFromConfig(options.config);
    return new AlertmanagerClient(instances, defaultName);
  }

  /** The named instance, or the default when `name` is undefined; undefined when unknown. */
  getInstance(name?: string): AlertmanagerInstance | undefined {
    const key = name ?? this.defaultName;
    return key ? this.instances.get(key) : undefined;
  }

  instanceNames(): string[] {
    return [...this.instances.keys()];
  }

  /**
   * Alerts matching every matcher (values escaped), active, silenced and inhibited alike, so a
   * caller can show what is suppressed and by what.
   */
  async getAlerts(
    instance: AlertmanagerInstance,
    matchers: SilenceMatcher[],
  ): Promise<AlertmanagerAlert[]> {
    const params = filterParams(matchers);
    for (const flag of ['active', 'silenced', 'inhibited', 'unprocessed']) {
      params.append(flag, 'true');
    }
    const body = await this.call(instance, 'GET', `/alerts?${params}`);
    return expectArray<AlertmanagerAlert>(instance, body);
  }

  /** Silences whose matchers include every given equality matcher (Alertmanager's filter). */
  async getSilences(
    instance: AlertmanagerInstance,
    matchers: SilenceMatcher[],
  ): Promise<AlertmanagerSilence[]> {
    const body = await this.call(
      instance,
      'GET',
      `/silences?${filterParams(matchers)}`,
    );
    return expectArray<AlertmanagerSilence>(instance, body);
  }

  /** One silence, or undefined when Alertmanager does not know the id. */
  async getSilence(
    instance: AlertmanagerInstance,
    id: string,
  ): Promise<AlertmanagerSilence | undefined> {
    try {
      return (await this.call(
        instance,
        'GET',
        `/silence/${encodeURIComponent(id)}`,
      )) as AlertmanagerSilence;
    } catch (e) {
      if (e instanceof AlertmanagerRequestError && e.status === 404) {
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
    const body = await this.call(instance, 'POST', '/silences', silence);
    const id = (body as { silenceID?: unknown } | undefined)?.silenceID;
    if (typeof id !== 'string') {
      throw malformed(instance);
    }
    return id;
  }

  /** Expires (ends now) a silence. */
  async expireSilence(
    instance: AlertmanagerInstance,
    id: string,
  ): Promise<void> {
    await this.call(instance, 'DELETE', `/silence/${encodeURIComponent(id)}`);
  }

  private async call(
    instance: AlertmanagerInstance,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    json?: unknown,
  ): Promise<unknown> {
    const where = `Alertmanager at ${instance.baseUrl}`;
    let response: Response;
    try {
      response = await fetch(`${instance.baseUrl}/api/v2${path}`, {
        method,
        headers: {
          ...instance.headers,
          Accept: 'application/json',
          ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(instance.timeoutMs),
      });
    } catch (e) {
      const error = e as Error & { cause?: { code?: string } };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        throw new AlertmanagerRequestError(
          `${where} did not answer within ${
            instance.timeoutMs / 1000
          }s. Check that it is healthy, then retry.`,
        );
      }
      const code = error.cause?.code ? ` (${error.cause.code})` : '';
      throw new AlertmanagerRequestError(
        `${where} is unreachable${code}. Check that it is running and that monitoring.alertmanager.instances has the right baseUrl.`,
      );
    }

    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }

    if (!response.ok) {
      // Alertmanager v2 errors are a bare JSON string, or {code, message} from its validator.
      const message =
        typeof body === 'string'
          ? body
          : (body as { message?: unknown } | undefined)?.message;
      const detail = typeof message === 'string' ? `: ${message}` : '';
      const status = response.status;
      if (status === 400 || status === 422) {
        throw new AlertmanagerRequestError(
          `${where} rejected the request (${status})${detail}`,
          status,
        );
      }
      if (status === 401 || status === 403) {
        throw new AlertmanagerRequestError(
          `${where} refused access (${status}). Check the instance's headers in monitoring.alertmanager.instances.`,
          status,
        );
      }
      if (status === 404) {
        throw new AlertmanagerRequestError(
          `${where} answered 404 for ${method} /api/v2${
            path.split('?')[0]
          }. Check that baseUrl points at Alertmanager (without /api/v2).`,
          status,
        );
      }
      throw new AlertmanagerRequestError(
        `${where} answered ${status}${detail}. Retry in a moment; if it persists, check Alertmanager's logs.`,
        status,
      );
    }
    return body;
  }
}

function filterParams(matchers: SilenceMatcher[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const m of matchers)
    params.append('filter', formatAlertmanagerFilter(m));
  return params;
}

function malformed(instance: AlertmanagerInstance): AlertmanagerRequestError {
  return new AlertmanagerRequestError(
    `Alertmanager at ${instance.baseUrl} returned a malformed response (expected Alertmanager API v2 JSON). Check that baseUrl points at Alertmanager.`,
  );
}

function expectArray<T>(instance: AlertmanagerInstance, body: unknown): T[] {
  if (!Array.isArray(body)) throw malformed(instance);
  return body as T[];
}

/** Service ref so tests (and adopters) can swap the Alertmanager client. */
export const alertmanagerClientServiceRef =
  createServiceRef<AlertmanagerClient>({
    id: 'monitoring.alertmanager-client',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => AlertmanagerClient.create({ config }),
      }),
  });
