/** Fields every upstream instance has, whatever its kind. */
interface UpstreamInstanceConfig {
  /** Name an entity annotation refers to. */
  name: string;
  /** Base URL the backend calls (never sent to the browser when the instance has headers). */
  baseUrl: string;
  /**
   * URL a browser can open, for "open in …" links. Default: baseUrl when the instance has no
   * headers or tenant; no link otherwise (a token-protected API is not a UI).
   */
  externalUrl?: string;
  /**
   * Extra request headers such as `Authorization: Bearer ...`; every value is secret.
   * @deepVisibility secret
   */
  headers?: { [name: string]: string };
  /** Per-request timeout covering the whole answer, body included (e.g. `10s`). */
  timeout?: string;
  /** Largest answer body accepted, in bytes; a larger one is refused. Default 20 MiB. */
  maxResponseBytes?: number;
  /**
   * Which entities may use this instance (another team's tenant is otherwise one annotation
   * away): only those whose `monitoring.festivals.io/namespace` is listed. Absent = any.
   */
  allowedNamespaces?: string[];
  /** Only entities owned by these (entity refs, e.g. `group:default/payments`). Absent = any. */
  allowedOwners?: string[];
  /**
   * Namespace of an entity that has no `monitoring.festivals.io/namespace` annotation. Absent:
   * such an entity is refused (400) rather than given every namespace.
   */
  defaultNamespace?: string;
}

export interface Config {
  /** Upstreams of Festivals Monitoring, read by @internal/plugin-monitoring-node. */
  monitoring?: {
    prometheus?: {
      /**
       * Named Prometheus-compatible instances (Prometheus, Thanos, Mimir). An entity picks one
       * with the `monitoring.festivals.io/prometheus` annotation; the default is used otherwise.
       * Timeout default 15s.
       */
      instances: Array<
        UpstreamInstanceConfig & {
          /**
           * Tenant sent as `X-Scope-OrgID` (Mimir, Cortex, Thanos receive).
           * @visibility secret
           */
          tenant?: string;
          /**
           * Scrape interval of the targets (e.g. `15s`): lower bound of the step, used when
           * Prometheus' `/api/v1/targets` does not give the entity's job's interval. Default 15s.
           */
          scrapeInterval?: string;
          /**
           * Rate window of the catalog's panels: `guide` (default) = the guide's `[5m]`, widened
           * only when the step is longer; `grafana` = Grafana's `$__rate_interval`. An entity may
           * override it with the `monitoring.festivals.io/rate-window` annotation.
           */
          rateWindow?: 'guide' | 'grafana';
        }
      >;
      /** Instance used when the entity has no annotation. Default: the first one. */
      default?: string;
    };
    alertmanager?: {
      /**
       * Named Alertmanager instances (API v2; baseUrl without /api/v2). An entity picks one with
       * the `monitoring.festivals.io/alertmanager` annotation; the default is used otherwise.
       * Timeout default 10s.
       */
      instances: Array<
        UpstreamInstanceConfig & {
          /**
           * Tenant sent as `X-Scope-OrgID` (Mimir's Alertmanager).
           * @visibility secret
           */
          tenant?: string;
        }
      >;
      /** Instance used when the entity has no annotation. Default: the first one. */
      default?: string;
    };
    loki?: {
      /**
       * Named Loki instances (baseUrl without /loki/api/v1). An entity picks one with the
       * `monitoring.festivals.io/loki` annotation; the default is used otherwise. Timeout
       * default 15s.
       */
      instances: Array<
        UpstreamInstanceConfig & {
          /**
           * Tenant sent as `X-Scope-OrgID`.
           * @visibility secret
           */
          tenant?: string;
          /**
           * Most lines asked of this Loki in one query: its `max_entries_limit_per_query`
           * (default 5000, Loki's default). Pages are cut to fit.
           */
          maxLines?: number;
        }
      >;
      /** Instance used when the entity has no annotation. Default: the first one. */
      default?: string;
    };
    // No `kubernetes` key: clusters are configured once, for the Kubernetes plugin
    // (`kubernetes.clusterLocatorMethods`), and the runbooks' diagnostics will read them there.
  };
}
