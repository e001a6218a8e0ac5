export interface Config {
  /**
   * Festivals Monitoring backend configuration. The upstream instances (`monitoring.prometheus`,
   * `monitoring.alertmanager`, …) are declared by @internal/plugin-monitoring-node.
   */
  monitoring?: {
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
      /**
       * UID of Grafana's Loki data source: the Logs tab then links to Grafana Explore with its
       * LogQL and range. No link without it.
       */
      lokiDatasourceUid?: string;
    };
    /** The tracing UI the Logs tab links `trace_id` fields to. */
    tracing?: {
      /**
       * Browser-reachable URL of one trace, `{traceId}` standing for the id: Jaeger
       * `http://jaeger:16686/trace/{traceId}`, Tempo through Grafana Explore likewise.
       */
      traceUrlTemplate?: string;
    };
    /**
     * Scopes reserved to one owner (README "Scope model"). Without an entry, entities of
     * different owners claiming the same (instance, namespace, job/app) are all refused (409)
     * until one of them drops the claim; with one, only the owner's entities are served and every
     * other claimant gets a 403 naming the owner.
     */
    scopes?: Array<{
      /** The `monitoring.festivals.io/namespace` of the scope. */
      namespace: string;
      /** Jobs, Loki apps or deployments in that namespace. */
      names: string[];
      /** Owning group or user (entity ref; a bare name is a group in `default`). */
      owner: string;
    }>;
    /**
     * Requests of the plugin's HTTP API being answered at once; past a limit the answer is 429
     * with Retry-After rather than a queue. Incident load is many people on one page: one
     * person's browser or script must not take the backend's share of every upstream.
     */
    limits?: {
      /** Per caller (one signed-in token). Default 16. */
      perUserConcurrency?: number;
      /** For the whole plugin on this replica. Default 256. */
      globalConcurrency?: number;
    };
  };
}
