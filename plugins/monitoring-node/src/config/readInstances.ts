import type { Config } from '@backstage/config';
import { parseDuration } from '@internal/plugin-monitoring-common';
import type { Upstream } from '../metrics/MonitoringMetrics';

/**
 * A configured upstream instance (`monitoring.<kind>.instances[]`). Headers (tenant included)
 * never leave the backend.
 *
 * @public
 */
export interface UpstreamInstance {
  name: string;
  /** Without trailing slash. */
  baseUrl: string;
  /** Secret headers, `X-Scope-OrgID` for a tenant included. */
  headers: Record<string, string>;
  /** Browser-reachable URL for "open in …" links; absent = no link. */
  publicUrl?: string;
  /** Bounds the whole request, body included. */
  timeoutMs: number;
  /** Largest answer body accepted. */
  maxResponseBytes: number;
  /** Only entities in these namespaces may use the instance; undefined = any. */
  allowedNamespaces?: string[];
  /** Only entities owned by these entity refs may use the instance; undefined = any. */
  allowedOwners?: string[];
  /** Namespace of an entity without a namespace annotation; undefined = such an entity is refused. */
  defaultNamespace?: string;
}

/**
 * A configured Prometheus-compatible instance (Prometheus, Thanos, Mimir).
 *
 * @public
 */
export interface PrometheusInstance extends UpstreamInstance {
  /** Configured scrape interval: the fallback when Prometheus' targets do not say. */
  scrapeIntervalSeconds: number;
  /** Rate window of the catalog's panels: the guide's `[5m]` or Grafana's `$__rate_interval`. */
  rateWindow: 'guide' | 'grafana';
}

/**
 * A configured Loki instance.
 *
 * @public
 */
export interface LokiInstance extends UpstreamInstance {
  /**
   * Most lines asked of it in one query: its `max_entries_limit_per_query` (Loki's default
   * 5000); a larger `limit` is a 400 from Loki.
   */
  maxLines: number;
}

/** Loki's default `limits_config.max_entries_limit_per_query`. */
export const DEFAULT_LOKI_MAX_LINES = 5000;

/** 20 MiB: ten series of 11,000 points are about 4 MiB of Prometheus JSON. */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

const DEFAULT_TIMEOUT: Record<Upstream, string> = {
  prometheus: '15s',
  alertmanager: '10s',
  loki: '15s',
  kubernetes: '10s',
};

/**
 * The instances of one upstream kind, read and validated once at start.
 *
 * @public
 */
export interface UpstreamInstances<T extends UpstreamInstance> {
  /** The named instance, or the default when `name` is undefined; undefined when unknown. */
  getInstance(name?: string): T | undefined;
  instanceNames(): string[];
}

function durationSeconds(value: string, key: string, example: string) {
  const seconds = parseDuration(value);
  if (!seconds) {
    throw new Error(
      `${key} must be a duration like ${example}, got '${value}'`,
    );
  }
  return seconds;
}

function readInstance(kind: Upstream, c: Config): UpstreamInstance {
  const name = c.getString('name');
  const key = `monitoring.${kind}.instances[${name}]`;
  const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
  if (!URL.canParse(baseUrl)) {
    throw new Error(`${key}.baseUrl is not a URL: ${baseUrl}`);
  }
  const externalUrl = c.getOptionalString('externalUrl')?.replace(/\/+$/, '');
  if (externalUrl !== undefined && !URL.canParse(externalUrl)) {
    throw new Error(`${key}.externalUrl is not a URL: ${externalUrl}`);
  }
  const headers: Record<string, string> = {};
  const headerConfig = c.getOptionalConfig('headers');
  for (const header of headerConfig?.keys() ?? []) {
    headers[header] = headerConfig!.getString(header);
  }
  const tenant = c.getOptionalString('tenant');
  if (tenant) headers['X-Scope-OrgID'] = tenant;
  const timeout = c.getOptionalString('timeout') ?? DEFAULT_TIMEOUT[kind];
  const maxResponseBytes =
    c.getOptionalNumber('maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new Error(
      `${key}.maxResponseBytes must be a positive whole number of bytes, got ${maxResponseBytes}`,
    );
  }
  return {
    name,
    baseUrl,
    headers,
    // Links go to the browser: only an explicit externalUrl, or a baseUrl that needs no
    // credentials (a tokenless upstream is what a user can open too).
    publicUrl:
      externalUrl ?? (Object.keys(headers).length ? undefined : baseUrl),
    timeoutMs: durationSeconds(timeout, `${key}.timeout`, '10s') * 1000,
    maxResponseBytes,
    allowedNamespaces: c.getOptionalStringArray('allowedNamespaces'),
    allowedOwners: c
      .getOptionalStringArray('allowedOwners')
      ?.map(ref => ref.toLocaleLowerCase('en-US')),
    defaultNamespace: c.getOptionalString('defaultNamespace') || undefined,
  };
}

/**
 * Reads `monitoring.<kind>` (`instances` and `default`) and validates it: a bad URL or
 * duration, a duplicate name or an unknown default throws, naming the config key, so a bad
 * config stops the backend at start rather than failing requests later.
 *
 * @public
 */
export function readUpstreamInstances(
  config: Config,
  kind: 'prometheus',
): UpstreamInstances<PrometheusInstance>;
/** @public */
export function readUpstreamInstances(
  config: Config,
  kind: 'loki',
): UpstreamInstances<LokiInstance>;
/** @public */
export function readUpstreamInstances(
  config: Config,
  kind: Exclude<Upstream, 'prometheus' | 'loki'>,
): UpstreamInstances<UpstreamInstance>;
export function readUpstreamInstances(
  config: Config,
  kind: Upstream,
): UpstreamInstances<UpstreamInstance> {
  const instances = new Map<string, UpstreamInstance>();
  const root = config.getOptionalConfig(`monitoring.${kind}`);
  for (const c of root?.getOptionalConfigArray('instances') ?? []) {
    const instance = readInstance(kind, c);
    if (instances.has(instance.name)) {
      throw new Error(
        `monitoring.${kind}.instances: duplicate name '${instance.name}'`,
      );
    }
    if (kind === 'prometheus') {
      const scrape = c.getOptionalString('scrapeInterval') ?? '15s';
      const rateWindow = c.getOptionalString('rateWindow') ?? 'guide';
      if (rateWindow !== 'guide' && rateWindow !== 'grafana') {
        throw new Error(
          `monitoring.prometheus.instances[${instance.name}].rateWindow must be 'guide' or 'grafana', got '${rateWindow}'`,
        );
      }
      const prometheus: PrometheusInstance = {
        ...instance,
        rateWindow,
        scrapeIntervalSeconds: durationSeconds(
          scrape,
          `monitoring.prometheus.instances[${instance.name}].scrapeInterval`,
          '15s',
        ),
      };
      instances.set(instance.name, prometheus);
    } else if (kind === 'loki') {
      const maxLines =
        c.getOptionalNumber('maxLines') ?? DEFAULT_LOKI_MAX_LINES;
      if (!Number.isInteger(maxLines) || maxLines <= 0) {
        throw new Error(
          `monitoring.loki.instances[${instance.name}].maxLines must be a positive whole number, got ${maxLines}`,
        );
      }
      const loki: LokiInstance = { ...instance, maxLines };
      instances.set(instance.name, loki);
    } else {
      instances.set(instance.name, instance);
    }
  }
  const defaultName =
    root?.getOptionalString('default') ?? instances.keys().next().value;
  if (defaultName && !instances.has(defaultName)) {
    throw new Error(
      `monitoring.${kind}.default names unknown instance '${defaultName}'`,
    );
  }
  return {
    getInstance: name => {
      const key = name ?? defaultName;
      return key ? instances.get(key) : undefined;
    },
    instanceNames: () => [...instances.keys()],
  };
}
