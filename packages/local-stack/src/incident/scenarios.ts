import type { ClusterWorkload } from '../clusterMetrics.ts';
import type { ServiceScenario } from '../kubernetes/clusterState.ts';
import type { WorkloadKnobs } from '../workloadKnobs.ts';

export const API = 'festivals-api';
export const WORKER = 'festivals-worker';

/** What one incident turns, per service, on the workload, the cluster stand-in and the Kubernetes API stand-in. */
export interface IncidentChanges {
  workloads?: Record<string, WorkloadKnobs>;
  cluster?: Record<string, Omit<ClusterWorkload, 'service'>>;
  kubernetes?: Record<string, ServiceScenario>;
}

export interface IncidentScenario {
  name: string;
  /** The guide's alert it makes fire. */
  alert: string;
  /** Alerts that follow from the same story, later or alongside. */
  alsoFires?: string[];
  service: string;
  /** What the Alerts, Metrics, Logs and Kubernetes views show. */
  youSee: string;
  /**
   * The changes; `fast` = the shortened rules are loaded (1m windows), so counts that a rule
   * reads over its window (restarts) must come faster to cross the same threshold.
   */
  changes(fast: boolean): IncidentChanges;
}

/** Each situation of the guide, mapped to the rule (deploy/prometheus/festivals-rules.yml) it fires. */
export const INCIDENTS: IncidentScenario[] = [
  {
    name: 'api-down',
    alert: 'FestivalsAPIDown',
    service: API,
    youSee:
      'the API target is down (up == 0, its /metrics answers 503), no API traffic or logs, its pods wait in CrashLoopBackOff',
    changes: () => ({
      workloads: { [API]: { down: true } },
      kubernetes: { [API]: { waitingReason: 'CrashLoopBackOff' } },
    }),
  },
  {
    name: '5xx',
    alert: 'FestivalsHighErrorRate',
    service: API,
    youSee:
      'a quarter of API requests answer 500/502/503; "Request failed" lines at level error',
    changes: () => ({ workloads: { [API]: { errorRatio: 0.25 } } }),
  },
  {
    name: 'slow',
    alert: 'FestivalsHighLatency',
    service: API,
    youSee:
      'API p95 latency around 3-4 s (15x) while database queries stay fast; "Request completed" lines at level warn with large duration_ms',
    changes: () => ({
      workloads: { [API]: { latencyFactor: 15, queryLatencyFactor: 1 } },
    }),
  },
  {
    name: 'oom',
    alert: 'FestivalsHighMemory',
    alsoFires: ['FestivalsPodRestarting'],
    service: API,
    youSee:
      'API pods at 97% of their 512Mi memory limit, restarting with lastState.terminated.reason OOMKilled (exit 137, OOMKilling events), "java.lang.OutOfMemoryError" lines at level error',
    changes: fast => ({
      workloads: { [API]: { outOfMemory: true } },
      // > 3 restarts within the rule's window: 1h normally (1/min), 1m with the shortened rules.
      cluster: {
        [API]: { memoryRatio: 0.97, restartsPerMinute: fast ? 8 : 1 },
      },
      kubernetes: { [API]: { terminationReason: 'OOMKilled' } },
    }),
  },
  {
    name: 'db-pool',
    alert: 'FestivalsDatabaseConnectionHigh',
    service: API,
    youSee: 'db_connections_active at 19 of the pool of 20 (95%)',
    changes: () => ({ workloads: { [API]: { dbPoolInUse: 0.95 } } }),
  },
  {
    name: 'slow-queries',
    alert: 'FestivalsDatabaseSlowQueries',
    alsoFires: ['FestivalsDatabaseConnectionHigh'],
    service: API,
    youSee:
      'database query p95 above 2 s (25x), the slow queries holding the whole pool; request latency stays under its alert line',
    changes: () => ({ workloads: { [API]: { queryLatencyFactor: 25 } } }),
  },
  {
    name: 'queue-backlog',
    alert: 'FestivalsQueueBacklog',
    service: WORKER,
    youSee:
      'every worker queue starts at 1500 pending jobs and grows (3x the usual inflow); jobs still complete',
    changes: () => ({
      workloads: { [WORKER]: { queueBacklog: 1500, queueInflowFactor: 3 } },
    }),
  },
  {
    name: 'queue-stuck',
    alert: 'FestivalsQueueStuck',
    alsoFires: ['FestivalsQueueBacklog'],
    service: WORKER,
    youSee:
      'the worker completes no jobs while they keep arriving; no "Job completed" lines',
    changes: () => ({ workloads: { [WORKER]: { queuesStalled: true } } }),
  },
  {
    name: 'payment-failures',
    alert: 'FestivalsPaymentFailureHigh',
    service: API,
    youSee:
      'half of ticket payments fail (payment_transactions_total{status="failed"}), so ticket sales halve',
    changes: () => ({ workloads: { [API]: { paymentFailureRatio: 0.5 } } }),
  },
  {
    name: 'no-sales',
    alert: 'FestivalsNoTicketSales',
    service: API,
    youSee:
      'tickets_sold_total stops increasing while purchase requests still succeed and no payment fails',
    changes: () => ({ workloads: { [API]: { ticketSalesStopped: true } } }),
  },
];

export function findIncident(name: string): IncidentScenario | undefined {
  return INCIDENTS.find(i => i.name === name);
}
