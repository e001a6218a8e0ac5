/**
 * Catalog annotations that tie an entity to its monitoring data.
 *
 * `job` is the one that switches the Metrics tab on; the others narrow or route the queries.
 */

/**
 * Prometheus `job` label of the entity's scrape target(s).
 * @public
 */
export const ANNOTATION_PROMETHEUS_JOB = 'monitoring.festivals.io/job';

/**
 * Kubernetes namespace the entity runs in; becomes a `namespace` label matcher.
 * @public
 */
export const ANNOTATION_NAMESPACE = 'monitoring.festivals.io/namespace';

/**
 * Name of the configured Prometheus instance to query; the configured default when absent.
 * @public
 */
export const ANNOTATION_PROMETHEUS_INSTANCE =
  'monitoring.festivals.io/prometheus';

/**
 * Name of the configured Alertmanager instance; the configured default when absent.
 * @public
 */
export const ANNOTATION_ALERTMANAGER_INSTANCE =
  'monitoring.festivals.io/alertmanager';

/**
 * Rate window of the entity's catalog panels: `guide` (the default: the guide's `[5m]`, widened
 * only when the step is longer) or `grafana` (Grafana's `$__rate_interval`). Overrides the
 * Prometheus instance's `rateWindow` config.
 * @public
 */
export const ANNOTATION_RATE_WINDOW = 'monitoring.festivals.io/rate-window';

/**
 * Name of the configured Loki instance to query for the entity's logs; the configured default
 * when absent.
 * @public
 */
export const ANNOTATION_LOKI_INSTANCE = 'monitoring.festivals.io/loki';

/**
 * Value of the `app` stream label of the entity's logs (promtail sets it from the pod's
 * `app.kubernetes.io/name`); defaults to the `job` annotation's value.
 * @public
 */
export const ANNOTATION_LOKI_APP = 'monitoring.festivals.io/loki-app';

/**
 * URL of the team's own runbooks for the entity: a markdown document read by the backend with
 * Backstage's UrlReader (so the host must be an integration or in `backend.reading.allow`). Its
 * `## <AlertName>` sections replace the built-in runbook text of those alerts; everything else
 * is shown above the runbooks as the team's notes.
 * @public
 */
export const ANNOTATION_RUNBOOKS = 'monitoring.festivals.io/runbooks';

/**
 * Availability objective of the entity, `<percent>% over <days>d` (e.g. `99.9% over 30d`): the
 * share of requests not answered with a 5xx (`http_requests_total{status=~"5.."}`) over a
 * rolling window. Shows its error budget and burn rate on the Metrics tab.
 * @public
 */
export const ANNOTATION_SLO_AVAILABILITY =
  'monitoring.festivals.io/slo-availability';

/**
 * Latency objective of the entity, `<percent>% under <threshold> over <days>d` (e.g.
 * `95% under 250ms over 30d`): the share of requests faster than the threshold (`<int>ms` or
 * `<number>s`, one of the `http_request_duration_seconds` buckets) over a rolling window.
 * Shows its error budget and burn rate on the Metrics tab.
 * @public
 */
export const ANNOTATION_SLO_LATENCY = 'monitoring.festivals.io/slo-latency';
