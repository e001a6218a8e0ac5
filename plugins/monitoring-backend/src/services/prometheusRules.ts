/** An alerting rule as Prometheus' `/api/v1/rules` returns it. */
export interface PrometheusAlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  /** `for`, seconds. */
  duration: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  alerts?: Array<{
    labels: Record<string, string>;
    state: 'pending' | 'firing';
    activeAt?: string;
  }>;
  state: 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
  lastEvaluation?: string;
}

export interface PrometheusRuleGroup {
  name: string;
  file: string;
  rules: PrometheusAlertingRule[];
}
