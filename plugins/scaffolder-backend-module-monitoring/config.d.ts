export interface Config {
  monitoring?: {
    /** Scaffolder actions of Festivals Monitoring (scaffolder-backend-module-monitoring). */
    scaffolder?: {
      /**
       * Labels on generated ServiceMonitors: what the operator's `serviceMonitorSelector`
       * matches. Default `{ release: prometheus }` (the monitoring guide's kube-prometheus-stack).
       */
      serviceMonitorLabels?: { [name: string]: string };
      /** Labels on generated PrometheusRules (the operator's `ruleSelector`). Default `{ release: prometheus }`. */
      prometheusRuleLabels?: { [name: string]: string };
      /**
       * Runbook base URL for services without their own runbook URL: rules link to
       * `<base>/<namespace>/<name>#<alertname>`. Default https://runbooks.festivals.io
       */
      runbookBaseUrl?: string;
      /** Clusters `monitoring:kubernetes:apply` can apply to (server-side apply). */
      kubernetes?: {
        clusters?: Array<{
          /** Name a template step selects with its `cluster` input. */
          name: string;
          /** API server URL, e.g. https://k8s.example.org:6443 (plain http needs skipTLSVerify). */
          url: string;
          /**
           * Bearer token of a service account allowed to get, create and patch servicemonitors
           * and prometheusrules (monitoring.coreos.com) in the target namespaces: a server-side
           * apply that creates an object is authorized as `create`, one that changes it as `patch`.
           * @visibility secret
           */
          serviceAccountToken?: string;
          /** Base64 PEM of the API server's CA (needed for a self-signed or private CA). */
          caData?: string;
          /** Path of a PEM file with the API server's CA (instead of caData). */
          caFile?: string;
          /** Skip TLS verification (tests and local clusters only). */
          skipTLSVerify?: boolean;
          /**
           * Namespaces templates may apply to on this cluster; anything else is refused before
           * the cluster is contacted. Unset: any namespace the service account may write.
           */
          namespaces?: string[];
        }>;
        /** Cluster used when a step names none; optional with a single cluster. */
        defaultCluster?: string;
      };
      /** Where `monitoring:publish:local` publishes new services (no GitHub/GitLab, e.g. ./scripts/run). */
      publish?: {
        local?: {
          /**
           * The local stack's repository host, e.g. http://127.0.0.1:9099 (add its host to
           * backend.reading.allow). Unset (null in an overlay, as app-config.production.yaml does)
           * and the action refuses, advising GitHub.
           */
          url?: string;
        };
      };
    };
  };
}
