import { formatMatchers, LabelMatcher } from './escaping';
import { SloObjective } from './slo';
import { SEED_THRESHOLDS } from './thresholds';

const { errorRatePercent, latencyP95Seconds } = SEED_THRESHOLDS;

/** How a panel is drawn. @public */
export type PanelKind = 'timeseries' | 'stat' | 'table';

/** Unit of a panel's values, used for axis and hover formatting. @public */
export type PanelUnit = 'reqps' | 'percent' | 'seconds' | 'count' | 'burn-rate';

/** What an SLO panel shows of which objective (see {@link sloPanels}). @public */
export interface PanelSlo {
  objective: SloObjective;
  /** `budget`: error budget left over the objective's window; `burn-rate`: how fast it is spent. */
  role: 'budget' | 'burn-rate';
}

/** What a panel's query is built from: the entity's matchers and the rate window. @public */
export interface PanelScope {
  matchers: LabelMatcher[];
  /**
   * Rate window of the catalog's panels as a PromQL duration: the guide's `5m` (widened to the
   * step) by default, see {@link panelRateWindow}.
   */
  rateWindow: string;
  /** Grafana's `$__rate_interval` for this step and scrape interval, e.g. `60s` (config panels). */
  rateInterval: string;
  /**
   * For a range query whose step is longer than Prometheus' 5m look-back: the step as a PromQL
   * duration. Gauge panels then take each point as the newest value within its step (see
   * {@link gaugeAt}), so the last point, at or after now, still holds the newest sample.
   */
  gaugeWindow?: string;
}

/** The seed's Grafana dashboard a panel comes from, for "open in Grafana". @public */
export type PanelDashboard = 'overview' | 'api-performance';

/** One entry of the panel catalog (the seed's dashboards). @public */
export interface PanelDefinition {
  id: string;
  dashboard?: PanelDashboard;
  title: string;
  description: string;
  kind: PanelKind;
  unit: PanelUnit;
  /** Label whose value names a series in the legend; absent = the panel title. */
  legendLabel?: string;
  /** Alert thresholds from the seed's rules, drawn on the chart. */
  thresholds?: Array<{ value: number; label: string }>;
  /** Tables and stats are evaluated at the end of the range only. */
  instant: boolean;
  /**
   * The metric names the panel reads. When the panel has no series and the entity has none of
   * them at all, the panel is "not exported by this service" rather than empty.
   */
  metrics?: string[];
  /**
   * Name of a series that is a limit (e.g. the connection pool size), drawn as a dashed line
   * rather than as a value.
   */
  limitSeries?: string;
  /** Set on the panels of an entity's service level objectives. */
  slo?: PanelSlo;
  query(scope: PanelScope): string;
}

function selector(scope: PanelScope, extra: LabelMatcher[] = []): string {
  return `{${formatMatchers([...scope.matchers, ...extra])}}`;
}

/**
 * A gauge expression at each point of a range query. Up to the 5m look-back it is the expression
 * itself (the seed's query); with a longer step, the newest value within the step
 * (`last_over_time` over a subquery), so the last point, which lies at or up to a step after
 * now, is not empty for want of a sample in its last 5 minutes.
 * @public
 */
export function gaugeAt(expression: string, scope: PanelScope): string {
  return scope.gaugeWindow
    ? `last_over_time((${expression})[${scope.gaugeWindow}:])`
    : expression;
}

/** The series name of the pool size on Active DB Connections. @public */
export const POOL_SIZE_SERIES = 'pool size';

const FIVE_XX: LabelMatcher = { name: 'status', op: '=~', value: '5..' };

/**
 * The seed's "Festivals Platform Overview" and "API Performance" dashboards, scoped to one entity
 * (the seed's `namespace="festivals-production"` filter becomes the entity's own matchers).
 * @public
 */
export const PANEL_CATALOG: readonly PanelDefinition[] = [
  {
    id: 'request-rate',
    dashboard: 'overview',
    title: 'Request Rate',
    description: 'HTTP requests per second',
    kind: 'timeseries',
    unit: 'reqps',
    legendLabel: 'service',
    instant: false,
    metrics: ['http_requests_total'],
    query: s =>
      `sum by (service) (rate(http_requests_total${selector(s)}[${
        s.rateWindow
      }]))`,
  },
  {
    id: 'error-rate',
    dashboard: 'overview',
    title: 'Error Rate',
    description: 'Share of HTTP responses with a 5xx status',
    kind: 'timeseries',
    unit: 'percent',
    thresholds: [
      {
        value: errorRatePercent,
        label: `FestivalsHighErrorRate (${errorRatePercent}%)`,
      },
    ],
    instant: false,
    metrics: ['http_requests_total'],
    // The guide's ratio, except that a service whose requests all succeed reads 0 % rather than
    // "No data": without any 5xx series the numerator is empty, so it falls back to 0, and the
    // denominator still leaves the panel empty when the service served no requests at all.
    query: s =>
      `(sum(rate(http_requests_total${selector(s, [FIVE_XX])}[${
        s.rateWindow
      }])) or vector(0)) / sum(rate(http_requests_total${selector(s)}[${
        s.rateWindow
      }])) * 100`,
  },
  {
    id: 'latency-p95',
    dashboard: 'overview',
    title: 'Response Time (P95)',
    description: '95th percentile of HTTP request duration',
    kind: 'timeseries',
    unit: 'seconds',
    legendLabel: 'service',
    thresholds: [
      {
        value: latencyP95Seconds,
        label: `FestivalsHighLatency (${latencyP95Seconds} s)`,
      },
    ],
    instant: false,
    metrics: ['http_request_duration_seconds_bucket'],
    query: s =>
      `histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket${selector(
        s,
      )}[${s.rateWindow}])))`,
  },
  {
    id: 'db-connections-active',
    dashboard: 'overview',
    title: 'Active DB Connections',
    description:
      "Database connections in use, and the pool size (the guide's db_connections_total)",
    kind: 'timeseries',
    unit: 'count',
    instant: false,
    metrics: ['db_connections_active'],
    limitSeries: POOL_SIZE_SERIES,
    legendLabel: 'series',
    // In use and the pool size in one query (one cache entry), told apart by a `series` label.
    query: s =>
      `label_replace(${gaugeAt(
        `sum(db_connections_active${selector(s)})`,
        s,
      )}, "series", "in use", "", "") or label_replace(${gaugeAt(
        `sum(db_connections_total${selector(s)})`,
        s,
      )}, "series", "${POOL_SIZE_SERIES}", "", "")`,
  },
  {
    id: 'queue-depth',
    dashboard: 'overview',
    title: 'Queue Depth',
    description: 'Pending jobs by queue',
    kind: 'timeseries',
    unit: 'count',
    legendLabel: 'queue',
    instant: false,
    metrics: ['queue_jobs_pending'],
    query: s => gaugeAt(`sum by (queue) (queue_jobs_pending${selector(s)})`, s),
  },
  {
    id: 'tickets-sold-today',
    dashboard: 'overview',
    title: 'Tickets Sold Today',
    description: 'Tickets sold in the last 24 hours',
    kind: 'stat',
    unit: 'count',
    instant: true,
    metrics: ['tickets_sold_total'],
    query: s => `sum(increase(tickets_sold_total${selector(s)}[24h]))`,
  },
  {
    id: 'requests-by-endpoint',
    dashboard: 'api-performance',
    title: 'Requests by Endpoint',
    description: 'Top 10 paths by request rate',
    kind: 'table',
    unit: 'reqps',
    legendLabel: 'path',
    instant: true,
    metrics: ['http_requests_total'],
    query: s =>
      `topk(10, sum by (path) (rate(http_requests_total${selector(s)}[${
        s.rateWindow
      }])))`,
  },
  {
    id: 'slowest-endpoints-p99',
    dashboard: 'api-performance',
    title: 'Slowest Endpoints (P99)',
    description: 'Top 10 paths by 99th percentile duration',
    kind: 'table',
    unit: 'seconds',
    legendLabel: 'path',
    instant: true,
    metrics: ['http_request_duration_seconds_bucket'],
    query: s =>
      `topk(10, histogram_quantile(0.99, sum by (le, path) (rate(http_request_duration_seconds_bucket${selector(
        s,
      )}[${s.rateWindow}]))))`,
  },
  {
    id: 'error-rate-by-endpoint',
    dashboard: 'api-performance',
    title: 'Error Rate by Endpoint',
    description: 'Top 10 paths by 5xx responses per second',
    kind: 'table',
    unit: 'reqps',
    legendLabel: 'path',
    instant: true,
    metrics: ['http_requests_total'],
    query: s =>
      `topk(10, sum by (path) (rate(http_requests_total${selector(s, [
        FIVE_XX,
      ])}[${s.rateWindow}])))`,
  },
];

/** @public */
export function findPanel(id: string): PanelDefinition | undefined {
  return PANEL_CATALOG.find(p => p.id === id);
}
