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
