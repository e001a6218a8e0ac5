/**
 * Prometheus' JSON sample value: [unix seconds, "value"].
 *
 * @public
 */
export type PrometheusSample = [number, string];

/**
 * The `data` of a query answer.
 *
 * @public
 */
export type PrometheusData =
  | {
      resultType: 'matrix';
      result: Array<{
        metric: Record<string, string>;
        values: PrometheusSample[];
      }>;
    }
  | {
      resultType: 'vector';
      result: Array<{
        metric: Record<string, string>;
        value: PrometheusSample;
      }>;
    }
  | { resultType: 'scalar' | 'string'; result: PrometheusSample };

/**
 * A successful query answer.
 *
 * @public
 */
export interface PrometheusResponse {
  data: PrometheusData;
  warnings: string[];
}

/**
 * An alerting rule as Prometheus' `/api/v1/rules` returns it.
 *
 * @public
 */
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

/**
 * A recording rule as Prometheus' `/api/v1/rules` returns it.
 *
 * @public
 */
export interface PrometheusRecordingRule {
  type: 'recording';
  name: string;
  query: string;
  labels?: Record<string, string>;
  health: string;
  lastError?: string;
  lastEvaluation?: string;
}

/**
 * A rule group with its alerting rules only (`/api/v1/rules?type=alert`).
 *
 * @public
 */
export interface PrometheusRuleGroup {
  name: string;
  file: string;
  rules: PrometheusAlertingRule[];
}

/**
 * A loaded rule group with all its rules (`/api/v1/rules`).
 *
 * @public
 */
export interface PrometheusLoadedRuleGroup {
  name: string;
  file: string;
  rules: Array<PrometheusAlertingRule | PrometheusRecordingRule>;
}

/**
 * An active scrape target (`/api/v1/targets?state=active`).
 *
 * @public
 */
export interface PrometheusTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  /** The target's scrape interval as a Prometheus duration (e.g. `15s`), when the server says. */
  scrapeInterval?: string;
}
