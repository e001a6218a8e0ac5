export interface Config {
  /** Festivals Monitoring backend configuration. */
  monitoring?: {
    prometheus?: {
      /**
       * Named Prometheus-compatible instances (Prometheus, Thanos, Mimir). An entity picks one
       * with the `monitoring.festivals.io/prometheus` annotation; the default is used otherwise.
       */
      instances: Array<{
        /** Name referenced by the entity annotation. */
        name: string;
        /** Base URL, e.g. http://prometheus:9090 (Mimir: include the /prometheus prefix). */
        baseUrl: string;
        /**
         * URL a browser can open, for "open in Prometheus" links. Default: baseUrl when the
         * instance has no headers; no link otherwise (a token-protected API is not a UI).
         */
        externalUrl?: string;
        /**
         * Extra request headers such as `Authorization: Bearer ...`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /**
         * Tenant sent as `X-Scope-OrgID` (Mimir, Cortex, Thanos receive).
         * @visibility secret
         */
        tenant?: string;
        /** Scrape interval of the targets (e.g. `15s`); lower bound of step and rate windows. Default 15s. */
        scrapeInterval?: string;
        /** Per-request timeout (e.g. `10s`). Default 15s. */
        timeout?: string;
      }>;
      /** Instance used when the entity has no annotation. Default: the first one. */
      default?: string;
    };
    /**
     * Extra panels on every entity's Metrics tab, after the seed's nine. `query` is a PromQL
     * template: `$selector` (`{namespace="…",job="…"}`), `$matchers` (the same without braces),
     * `$namespace`, `$job` (escaped values) and `$__rate_interval`. Checked at start-up.
     */
    panels?: Array<{
      /** Lowercase letters, digits and dashes; unique. */
      id: string;
      title: string;
      description?: string;
      /** reqps | percent | seconds | count */
      unit: string;
      /** timeseries (default) | stat | table */
      kind?: string;
      /** Label naming each series in the legend. */
      legendLabel?: string;
      query: string;
      thresholds?: Array<{ value: number; label: string }>;
    }>;
    /** Grafana for "open in Grafana" links; the dashboards get `var-namespace`, `var-job`, from, to. */
    grafana?: {
      /** Browser-reachable Grafana URL. */
      baseUrl: string;
      /** Dashboard UIDs of the seed's two dashboards. */
      dashboards?: {
        overview?: string;
        apiPerformance?: string;
      };
    };
    alertmanager?: {
      /**
       * Named Alertmanager instances (API v2). An entity picks one with the
       * `monitoring.festivals.io/alertmanager` annotation; the default is used otherwise.
       */
      instances: Array<{
        /** Name referenced by the entity annotation. */
        name: string;
        /** Base URL, e.g. http://alertmanager:9093 (without /api/v2). */
        baseUrl: string;
        /**
         * Extra request headers such as `Authorization: Bearer ...`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Per-request timeout (e.g. `10s`). Default 10s. */
        timeout?: string;
      }>;
      /** Instance used when the entity has no annotation. Default: the first one. */
      default?: string;
    };
  };
}
