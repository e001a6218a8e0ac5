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
    };
  };
}
