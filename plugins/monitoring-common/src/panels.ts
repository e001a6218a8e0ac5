import { formatMatchers, LabelMatcher } from './escaping';
import { SEED_THRESHOLDS } from './thresholds';

const { errorRatePercent, latencyP95Seconds } = SEED_THRESHOLDS;

/** How a panel is drawn. @public */
export type PanelKind = 'timeseries' | 'stat' | 'table';

/** Unit of a panel's values, used for axis and hover formatting. @public */
export type PanelUnit = 'reqps' | 'percent' | 'seconds' | 'count';

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
  query(scope: PanelScope): string;
}

function selector(scope: PanelScope, extra: LabelMatcher[] = []): string {
  return `{${formatMatchers([...scope.matchers, ...extra])}}`;
}

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
    query: s =>
      `sum(rate(http_requests_total${selector(s, [FIVE_XX])}[${
        s.rateWindow
      }])) / sum(rate(http_requests_total${selector(s)}[${
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
    query: s =>
      `histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket${selector(
        s,
      )}[${s.rateWindow}])))`,
  },
  {
    id: 'db-connections-active',
    dashboard: 'overview',
    title: 'Active DB Connections',
    description: 'Database connections in use',
    kind: 'timeseries',
    unit: 'count',
    instant: false,
    query: s => `sum(db_connections_active${selector(s)})`,
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
    query: s => `sum by (queue) (queue_jobs_pending${selector(s)})`,
  },
  {
    id: 'tickets-sold-today',
    dashboard: 'overview',
    title: 'Tickets Sold Today',
    description: 'Tickets sold in the last 24 hours',
    kind: 'stat',
    unit: 'count',
    instant: true,
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
