/**
 * The built-in runbooks: one per alert rule of the guide ("Alert Rules"), built from its
 * "Runbook Commands" (Quick Diagnostics and Common Issues). Each says what the alert means, what
 * to check first, how to mitigate and when to escalate, and lists the diagnostic steps whose
 * commands (entity values filled in) and live results the Runbooks tab shows.
 */

import { DIAGNOSTIC_STEPS, DiagnosticStep } from './runbookSteps';

/**
 * The guide's alert rule groups (`festivals.<group>`).
 * @public
 */
export type RunbookGroup =
  | 'availability'
  | 'resources'
  | 'database'
  | 'queue'
  | 'business';

/**
 * A runbook for one alert.
 * @public
 */
export interface Runbook {
  /** The alert name, e.g. `FestivalsHighMemory`; also the section anchor. */
  alert: string;
  group: RunbookGroup;
  severity: 'critical' | 'warning';
  /** The rule's summary annotation. */
  title: string;
  /** What the alert means: its condition in words. */
  meaning: string;
  checkFirst: string[];
  mitigate: string[];
  escalate: string;
  steps: DiagnosticStep[];
}

const S = DIAGNOSTIC_STEPS;

/**
 * Every alert of the guide, in the guide's order.
 * @public
 */
export const RUNBOOKS: readonly Runbook[] = [
  {
    alert: 'FestivalsAPIDown',
    group: 'availability',
    severity: 'critical',
    title: 'Festivals API is down',
    meaning:
      'Prometheus could not scrape the API (up == 0) for more than 1 minute: the pods are gone, not ready, or not answering on their metrics port.',
    checkFirst: [
      'Are the pods Running and Ready, and are they restarting (OOMKilled, CrashLoopBackOff)?',
      'Is the scrape target down with an error (connection refused, timeout) or missing entirely?',
      'Do recent events show failed scheduling, image pulls or probes?',
    ],
    mitigate: [
      'If pods crash-loop after a deploy, roll back: kubectl rollout undo deployment/<deployment> -n <namespace>.',
      'If pods are OOMKilled, raise the memory limit or scale out while the leak is found.',
      'If pods run but the target is down, check the Service selector and the metrics port of the ServiceMonitor.',
    ],
    escalate:
      'Page the platform on-call if the API is not back within 10 minutes, or at once if the cluster itself (nodes, network) is failing.',
    steps: [S.pods, S.targets, S.events, S.oomLogs],
  },
  {
    alert: 'FestivalsHighErrorRate',
    group: 'availability',
    severity: 'critical',
    title: 'High error rate detected',
    meaning:
      'More than 5% of HTTP requests answered 5xx over the last 5 minutes, for 5 minutes.',
    checkFirst: [
      'Did a deploy or restart start it (pod ages, restarts, events)?',
      'Is the database saturated (connections at the pool size)?',
      'Are pods at their CPU or memory limits?',
    ],
    mitigate: [
      'Roll back a recent deploy if the errors started with it.',
      'If the database pool is exhausted, see FestivalsDatabaseConnectionHigh.',
      'Scale out if pods are saturated and the HPA is at its maximum.',
    ],
    escalate:
      'Page the API owners if the rate stays above 5% for 15 minutes or payments are affected.',
    steps: [S.pods, S.events, S.podResources, S.dbConnections],
  },
  {
    alert: 'FestivalsHighLatency',
    group: 'availability',
    severity: 'warning',
    title: 'High latency detected',
    meaning:
      'The 95th percentile of request duration has been above 2 seconds for 5 minutes.',
    checkFirst: [
      'Are database connections near the pool size (the guide: high latency → check database connections)?',
      'Are pods CPU-throttled or near their memory limit?',
      'Is the HPA already at its maximum?',
    ],
    mitigate: [
      'Scale out (or raise the HPA maximum) when pods are saturated.',
      'Find slow queries (FestivalsDatabaseSlowQueries) and the slowest endpoints on the Metrics tab.',
    ],
    escalate:
      'Escalate to the API owners if P95 stays above 2 s for 30 minutes or errors rise too.',
    steps: [S.dbConnections, S.podResources, S.hpa, S.events],
  },
  {
    alert: 'FestivalsHighCPU',
    group: 'resources',
    severity: 'warning',
    title: 'High CPU usage',
    meaning:
      'A pod has used more than 90% of its CPU limit for 10 minutes; it is being throttled.',
    checkFirst: [
      'Which pods are hot, and against which limit?',
      'Is the HPA scaling, or already at its maximum?',
    ],
    mitigate: [
      'Raise the HPA maximum or the CPU limit if the load is legitimate.',
      'If one pod only is hot, look for a stuck request or a hot loop in its logs.',
    ],
    escalate:
      'Escalate if the HPA is at its maximum and latency or errors are rising.',
    steps: [S.podResources, S.hpa, S.pods],
  },
  {
    alert: 'FestivalsHighMemory',
    group: 'resources',
    severity: 'warning',
    title: 'High memory usage',
    meaning:
      "A pod's working set has been above 90% of its memory limit for 10 minutes: the next step is an OOM kill.",
    checkFirst: [
      'Which pods are near the limit, and is memory still climbing?',
      'Have containers already been OOMKilled (last termination reason, restarts)?',
      'Do the logs mention memory or OOM (the guide: check for memory leaks)?',
    ],
    mitigate: [
      'Restart the worst pod to buy time (kubectl rollout restart deployment/<deployment> -n <namespace>).',
      'Raise the memory limit if the working set grew with the load; roll back if it grew with a deploy.',
    ],
    escalate:
      'Escalate to the service owners when pods are OOMKilled repeatedly or the climb started with a release.',
    steps: [S.podResources, S.pods, S.oomLogs, S.events],
  },
  {
    alert: 'FestivalsPodRestarting',
    group: 'resources',
    severity: 'warning',
    title: 'Pod restarting frequently',
    meaning: 'A container restarted more than 3 times in the last hour.',
    checkFirst: [
      'What was the last termination reason: OOMKilled, Error, or probe failures?',
      'What do the events say (BackOff, OOMKilling, Unhealthy)?',
    ],
    mitigate: [
      'OOMKilled: see FestivalsHighMemory. Error: read the previous container logs and roll back a bad release.',
      'Probe failures: check the readiness/liveness endpoints and their timeouts.',
    ],
    escalate:
      'Escalate when restarts continue after a rollback, or every replica is affected.',
    steps: [S.pods, S.events, S.oomLogs],
  },
  {
    alert: 'FestivalsDatabaseConnectionHigh',
    group: 'database',
    severity: 'warning',
    title: 'Database connection pool nearly exhausted',
    meaning:
      'More than 80% of the database connection pool (db_connections_active / db_connections_total) has been in use for 5 minutes.',
    checkFirst: [
      'Which pods hold the connections, and how close is each to its pool size?',
      'Did the replica count grow (each replica brings its own pool)?',
      'Are queries slow, holding connections longer?',
    ],
    mitigate: [
      'Find and stop long-running queries; check FestivalsDatabaseSlowQueries.',
      'Lower the HPA maximum or the per-pod pool if replicas × pool exceeds the database limit.',
    ],
    escalate:
      'Page the database on-call if the pool stays exhausted or the database itself refuses connections.',
    steps: [S.dbConnections, S.pods, S.hpa],
  },
  {
    alert: 'FestivalsDatabaseSlowQueries',
    group: 'database',
    severity: 'warning',
    title: 'Slow database queries detected',
    meaning:
      'The 95th percentile of database query duration has been above 1 second for 5 minutes.',
    checkFirst: [
      'Are connections piling up in the pool?',
      'Did a deploy change queries (events, pod ages)?',
    ],
    mitigate: [
      'Roll back a release that introduced the slow queries; add the missing index.',
      'Reduce load (rate limits, pausing batch jobs) while the database recovers.',
    ],
    escalate:
      'Page the database on-call if queries stay slow for 30 minutes or time out.',
    steps: [S.dbConnections, S.podResources, S.events],
  },
  {
    alert: 'FestivalsQueueBacklog',
    group: 'queue',
    severity: 'warning',
    title: 'Job queue backlog detected',
    meaning:
      'A queue has had more than 1000 pending jobs for 10 minutes: the workers do not keep up.',
    checkFirst: [
      'Are the workers running and ready?',
      'Do the worker logs show errors or retries?',
      'Are the workers at their CPU limit, or the HPA at its maximum?',
    ],
    mitigate: [
      'Scale out the workers if they are healthy but saturated.',
      'Fix or skip poison jobs that fail repeatedly.',
    ],
    escalate:
      'Escalate when the backlog keeps growing for 30 minutes or holds payments or ticket PDFs.',
    steps: [S.workerLogs, S.pods, S.hpa, S.podResources],
  },
  {
    alert: 'FestivalsQueueStuck',
    group: 'queue',
    severity: 'critical',
    title: 'Job queue appears stuck',
    meaning:
      'No job completed in the last 10 minutes while jobs are pending: the workers are stuck or gone.',
    checkFirst: [
      'Do the worker logs stop, or repeat one error (the guide: queue stuck → check worker logs)?',
      'Are the worker pods running, ready, restarting?',
    ],
    mitigate: [
      'Restart the workers (kubectl rollout restart deployment/<deployment> -n <namespace>).',
      'If a dependency (database, Redis) is down, fix it first: the workers recover by themselves.',
    ],
    escalate:
      'Page the service owners at once if restarting does not resume processing within 10 minutes.',
    steps: [S.workerLogs, S.pods, S.events],
  },
  {
    alert: 'FestivalsNoTicketSales',
    group: 'business',
    severity: 'warning',
    title: 'No ticket sales in the last hour',
    meaning:
      'tickets_sold_total has not increased for an hour (during business hours): buying may be broken, or the metric is no longer scraped.',
    checkFirst: [
      'Is the API scraped at all (targets), and up?',
      'Are the pods healthy, and did anything change (events)?',
    ],
    mitigate: [
      'If the API is down or erroring, follow FestivalsAPIDown / FestivalsHighErrorRate.',
      'Try a purchase end to end; check the payment provider status.',
    ],
    escalate:
      'Escalate to the ticketing product owner if sales stay at zero during a sale window.',
    steps: [S.targets, S.pods, S.events],
  },
  {
    alert: 'FestivalsPaymentFailureHigh',
    group: 'business',
    severity: 'critical',
    title: 'High payment failure rate',
    meaning:
      'More than 10% of payment transactions failed over the last 5 minutes, for 5 minutes.',
    checkFirst: [
      'Is it us (pods, restarts, database) or the payment provider?',
      'Did a deploy start it (events)?',
    ],
    mitigate: [
      'Roll back a release that touched payments.',
      'If the provider is failing, switch provider or pause sales with a clear message.',
    ],
    escalate:
      'Page the payments owners at once; inform the business on-call if failures last over 15 minutes.',
    steps: [S.pods, S.events, S.dbConnections],
  },
];

/**
 * The runbook of an alert, or undefined.
 * @public
 */
export function runbookFor(alert: string): Runbook | undefined {
  return RUNBOOKS.find(r => r.alert === alert);
}
