import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export interface ScrapeTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface LoadedRuleGroup {
  name: string;
  rules: Array<{ name: string; health: string; lastError?: string }>;
}

/** A Prometheus answer that was not the expected success; names the upstream and status. */
export class PrometheusStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusStatusError';
  }
}

interface Instance {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
}

/**
 * Reads scrape targets and loaded rule groups from one configured Prometheus
 * (`monitoring.prometheus.instances`, shared with the monitoring backend). Only named instances
 * can be asked, so a template cannot point the backend at an arbitrary URL.
 */
export class PrometheusStatusClient {
  private constructor(
    readonly instance: Instance,
    private readonly timeoutMs: number,
  ) {}

  static create(options: {
    config: Config;
    instance?: string;
    timeoutMs?: number;
  }): PrometheusStatusClient {
    const p = options.config.getOptionalConfig('monitoring.prometheus');
    const instances: Instance[] = (
      p?.getOptionalConfigArray('instances') ?? []
    ).map(c => ({
      name: c.getString('name'),
      baseUrl: c.getString('baseUrl').replace(/\/+$/, ''),
      headers: Object.fromEntries(
        (c.getOptionalConfig('headers')?.keys() ?? []).map(k => [
          k,
          c.getString(`headers.${k}`),
        ]),
      ),
    }));
    const wanted =
      options.instance || p?.getOptionalString('default') || instances[0]?.name;
    const instance = instances.find(i => i.name === wanted);
    if (!instance)
      throw new InputError(
        `prometheus: no Prometheus instance named '${
          wanted ?? ''
        }' in monitoring.prometheus.instances (configured: ${
          instances.map(i => i.name).join(', ') || 'none'
        })`,
      );
    return new PrometheusStatusClient(instance, options.timeoutMs ?? 10_000);
  }

  private async get<T>(path: string): Promise<T> {
    const url = `${this.instance.baseUrl}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: this.instance.headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      throw new PrometheusStatusError(
        `Prometheus '${this.instance.name}' at ${
          this.instance.baseUrl
        } is unreachable (${err.cause?.code ?? err.name})`,
      );
    }
    const text = await res.text();
    let body: { status?: string; data?: T; error?: string } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok || body?.status !== 'success')
      throw new PrometheusStatusError(
        `Prometheus '${this.instance.name}' answered ${
          path.split('?')[0]
        } with HTTP ${res.status}: ${body?.error ?? text.slice(0, 200)}`,
      );
    return body.data as T;
  }

  async activeTargets(): Promise<ScrapeTarget[]> {
    const data = await this.get<{ activeTargets: ScrapeTarget[] }>(
      '/api/v1/targets?state=active',
    );
    return data.activeTargets;
  }

  async ruleGroups(): Promise<LoadedRuleGroup[]> {
    const data = await this.get<{ groups: LoadedRuleGroup[] }>('/api/v1/rules');
    return data.groups;
  }
}
