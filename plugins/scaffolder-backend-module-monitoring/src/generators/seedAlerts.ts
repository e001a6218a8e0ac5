import { formatMatchers } from '@internal/plugin-monitoring-common';
import type { AlertGroup, MonitoredService } from './spec';

type Thresholds = MonitoredService['thresholds'];

/** Selectors of one service: its own series, and its pods' container/kube-state series. */
export interface ServiceSelectors {
  /** `namespace="…",service="…"`: series from the service's own /metrics (target labels). */
  service: string;
  /** `namespace="…",job="…"`: the scrape target itself (`up`). */
  job: string;
  /**
   * `namespace="…"`: cAdvisor / kube-state-metrics pod series, which name a pod but not its
   * service; the rules keep the service's pods by joining them with `podService`.
   */
  pods: string;
  /**
   * `(namespace, pod) → service` for the Deployment's pods: kube-state-metrics' `kube_pod_labels`
   * with the pod's `app.kubernetes.io/name` (the Deployment's selector label) as `service`. Exact,
   * where a `pod=~"<name>-.*"` would also catch a sibling `<name>-worker`'s pods.
   */
  podService: string;
}

export function serviceSelectors(
  namespace: string,
  name: string,
): ServiceSelectors {
  const ns = { name: 'namespace', op: '=' as const, value: namespace };
  // kube-state-metrics' name for the pod label app.kubernetes.io/name (needs it allow-listed:
  // --metric-labels-allowlist=pods=[app.kubernetes.io/name]).
  const appLabel = 'label_app_kubernetes_io_name';
  const podLabels = formatMatchers([
    ns,
    { name: appLabel, op: '=', value: name },
  ]);
  return {
    service: formatMatchers([ns, { name: 'service', op: '=', value: name }]),
    job: formatMatchers([ns, { name: 'job', op: '=', value: name }]),
    pods: formatMatchers([ns]),
    podService: `max by (namespace, pod, service) (label_replace(kube_pod_labels{${podLabels}}, "service", "$1", "${appLabel}", "(.*)"))`,
  };
}

/** A number as PromQL writes it (no float noise such as 0.07000000000000001). */
export function promNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export interface SeedAlert {
  group: AlertGroup;
  alert: string;
  severity: 'critical' | 'warning';
  for: string;
  expr(s: ServiceSelectors, t: Thresholds): string;
  summary: string;
  description(t: Thresholds): string;
}

/**
 * The seed's twelve alert rules (docs/monitoring-guide.md, "Alert Rules"), scoped to one service and
 * with the seed's thresholds as parameters. Aggregations keep `namespace` and `service`, and
 * QueueStuck matches `on (namespace, service, queue)`, as in the local stack's
 * `festivals-rules.yml` (the seed's own `and` compares series differing by `status`, so it could
 * never fire). Resource rules count container series only (`container!=""`: cAdvisor's
 * pod-level cgroup series would double the usage) and keep the service's pods, with `service`,
 * through `podService`, as those series carry no `service` label.
 */
export const SEED_ALERTS: SeedAlert[] = [
  {
    group: 'availability',
    alert: 'FestivalsAPIDown',
    severity: 'critical',
    for: '1m',
    expr: s => `up{${s.job}} == 0`,
    summary: 'Service is down',
    description: () => 'The scrape target has been down for more than 1 minute',
  },
  {
    group: 'availability',
    alert: 'FestivalsHighErrorRate',
    severity: 'critical',
    for: '5m',
    expr: (s, t) =>
      `sum by (namespace, service) (rate(http_requests_total{${s.service},status=~"5.."}[5m]))\n` +
      `/ sum by (namespace, service) (rate(http_requests_total{${
        s.service
      }}[5m])) > ${promNumber(t.errorRatePercent / 100)}`,
    summary: 'High error rate detected',
    description: t =>
      `Error rate is above ${t.errorRatePercent}% for the last 5 minutes`,
  },
  {
    group: 'availability',
    alert: 'FestivalsHighLatency',
    severity: 'warning',
    for: '5m',
    expr: (s, t) =>
      `histogram_quantile(0.95, sum by (le, namespace, service) (rate(http_request_duration_seconds_bucket{${
        s.service
      }}[5m]))) > ${promNumber(t.latencyP95Seconds)}`,
    summary: 'High latency detected',
    description: t => `P95 latency is above ${t.latencyP95Seconds} seconds`,
  },
  {
    group: 'resources',
    alert: 'FestivalsHighCPU',
    severity: 'warning',
    for: '10m',
    expr: (s, t) =>
      `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${s.pods},container!=""}[5m]))\n` +
      `/ sum by (namespace, pod) (kube_pod_container_resource_limits{${s.pods},resource="cpu"})\n` +
      `* on (namespace, pod) group_left (service) ${
        s.podService
      } > ${promNumber(t.cpuPercent / 100)}`,
    summary: 'High CPU usage',
    description: t =>
      `Pod {{ $labels.pod }} CPU usage is above ${t.cpuPercent}%`,
  },
  {
    group: 'resources',
    alert: 'FestivalsHighMemory',
    severity: 'warning',
    for: '10m',
    expr: (s, t) =>
      `sum by (namespace, pod) (container_memory_working_set_bytes{${s.pods},container!=""})\n` +
      `/ sum by (namespace, pod) (kube_pod_container_resource_limits{${s.pods},resource="memory"})\n` +
      `* on (namespace, pod) group_left (service) ${
        s.podService
      } > ${promNumber(t.memoryPercent / 100)}`,
    summary: 'High memory usage',
    description: t =>
      `Pod {{ $labels.pod }} memory usage is above ${t.memoryPercent}%`,
  },
  {
    group: 'resources',
    alert: 'FestivalsPodRestarting',
    severity: 'warning',
    for: '5m',
    expr: (s, t) =>
      `increase(kube_pod_container_status_restarts_total{${s.pods}}[1h])\n` +
      `* on (namespace, pod) group_left (service) ${
        s.podService
      } > ${promNumber(t.restartsPerHour)}`,
    summary: 'Pod restarting frequently',
    description: t =>
      `Pod {{ $labels.pod }} has restarted more than ${t.restartsPerHour} times in the last hour`,
  },
  {
    group: 'database',
    alert: 'FestivalsDatabaseConnectionHigh',
    severity: 'warning',
    for: '5m',
    expr: (s, t) =>
      `db_connections_active{${s.service}} / db_connections_total{${
        s.service
      }} > ${promNumber(t.dbPoolPercent / 100)}`,
    summary: 'Database connection pool nearly exhausted',
    description: t =>
      `More than ${t.dbPoolPercent}% of database connections are in use`,
  },
  {
    group: 'database',
    alert: 'FestivalsDatabaseSlowQueries',
    severity: 'warning',
    for: '5m',
    expr: (s, t) =>
      `histogram_quantile(0.95, sum by (le, namespace, service) (rate(db_query_duration_seconds_bucket{${
        s.service
      }}[5m]))) > ${promNumber(t.slowQueryP95Seconds)}`,
    summary: 'Slow database queries detected',
    description: t =>
      `P95 query latency is above ${t.slowQueryP95Seconds} second${
        t.slowQueryP95Seconds === 1 ? '' : 's'
      }`,
  },
  {
    group: 'queue',
    alert: 'FestivalsQueueBacklog',
    severity: 'warning',
    for: '10m',
    expr: (s, t) =>
      `queue_jobs_pending{${s.service}} > ${promNumber(t.queueBacklog)}`,
    summary: 'Job queue backlog detected',
    description: t =>
      `Queue {{ $labels.queue }} has more than ${t.queueBacklog} pending jobs`,
  },
  {
    group: 'queue',
    alert: 'FestivalsQueueStuck',
    severity: 'critical',
    for: '10m',
    expr: s =>
      `sum by (namespace, service, queue) (increase(queue_jobs_total{${s.service},status="completed"}[10m])) == 0\n` +
      `and on (namespace, service, queue) queue_jobs_pending{${s.service}} > 0`,
    summary: 'Job queue appears stuck',
    description: () =>
      'No jobs completed in the last 10 minutes but jobs are pending',
  },
  {
    group: 'business',
    alert: 'FestivalsNoTicketSales',
    severity: 'warning',
    for: '30m',
    expr: s =>
      `sum by (namespace, service) (increase(tickets_sold_total{${s.service}}[1h])) == 0`,
    summary: 'No ticket sales in the last hour',
    description: () =>
      'No tickets have been sold in the last hour during business hours',
  },
  {
    group: 'business',
    alert: 'FestivalsPaymentFailureHigh',
    severity: 'critical',
    for: '5m',
    expr: (s, t) =>
      `sum by (namespace, service) (rate(payment_transactions_total{${s.service},status="failed"}[5m]))\n` +
      `/ sum by (namespace, service) (rate(payment_transactions_total{${
        s.service
      }}[5m])) > ${promNumber(t.paymentFailurePercent / 100)}`,
    summary: 'High payment failure rate',
    description: t =>
      `More than ${t.paymentFailurePercent}% of payments are failing`,
  },
];
