/**
 * The diagnostic steps of the guide's "Runbook Commands" (Quick Diagnostics and Common Issues),
 * each with the command as the guide writes it, the entity's values as placeholders, and the
 * kind of live result the backend reads for it. Nothing here ever runs `kubectl exec`: the
 * guide's `exec … netstat` becomes the DB connection metrics it measures.
 */

import { escapeLabelValue } from './escaping';
import { isDnsLabel, isDnsSubdomain } from './kubernetesNames';

/**
 * What the backend reads live for a step.
 * @public
 */
export type DiagnosticKind =
  | 'pods'
  | 'podResources'
  | 'events'
  | 'hpa'
  | 'oomLogs'
  | 'workerLogs'
  | 'dbConnections'
  | 'targets';

/** @public */
export const DIAGNOSTIC_KINDS: readonly DiagnosticKind[] = [
  'pods',
  'podResources',
  'events',
  'hpa',
  'oomLogs',
  'workerLogs',
  'dbConnections',
  'targets',
];

/**
 * One diagnostic step of a runbook.
 * @public
 */
export interface DiagnosticStep {
  id: string;
  title: string;
  /**
   * The command with `{namespace}`, `{deployment}`, `{pod}` and `{job}` placeholders; render it
   * with {@link renderRunbookCommand}.
   */
  command: string;
  kind: DiagnosticKind;
  /** Where the guide has it. */
  section: 'Quick Diagnostics' | 'Common Issues';
  /** Why the command differs from the guide's, when it does. */
  note?: string;
}

/**
 * The guide's steps, by kind.
 * @public
 */
export const DIAGNOSTIC_STEPS: Record<DiagnosticKind, DiagnosticStep> = {
  pods: {
    id: 'pods-status',
    title: 'Check all pods status',
    command: 'kubectl get pods -n {namespace}',
    kind: 'pods',
    section: 'Quick Diagnostics',
  },
  podResources: {
    id: 'resource-usage',
    title: 'Check resource usage',
    command: 'kubectl top pods -n {namespace}',
    kind: 'podResources',
    section: 'Quick Diagnostics',
  },
  events: {
    id: 'recent-events',
    title: 'View recent events',
    command:
      "kubectl get events -n {namespace} --sort-by='.lastTimestamp' | tail -20",
    kind: 'events',
    section: 'Quick Diagnostics',
  },
  hpa: {
    id: 'hpa-status',
    title: 'Check HPA status',
    command: 'kubectl get hpa -n {namespace}',
    kind: 'hpa',
    section: 'Quick Diagnostics',
  },
  targets: {
    id: 'prometheus-targets',
    title: 'View Prometheus targets',
    command:
      'kubectl port-forward svc/prometheus-kube-prometheus-prometheus 9090:9090 -n monitoring\n# Open http://localhost:9090/targets',
    kind: 'targets',
    section: 'Quick Diagnostics',
    note: "The live result is the health of the entity's job in Prometheus' targets: no port-forward needed.",
  },
  oomLogs: {
    id: 'memory-oom-logs',
    title: 'High memory - check for memory leaks',
    command:
      'kubectl logs deployment/{deployment} -n {namespace} --tail=100 | grep -i "memory\\|oom"',
    kind: 'oomLogs',
    section: 'Common Issues',
  },
  dbConnections: {
    id: 'db-connections',
    title: 'High latency - check database connections',
    command:
      'db_connections_active{namespace="{namespace}",job="{job}"} / db_connections_total{namespace="{namespace}",job="{job}"}',
    kind: 'dbConnections',
    section: 'Common Issues',
    note: "The guide counts connections with `kubectl exec … netstat`; exec is never used here, so this reads the API's own db_connections_active against the pool (db_connections_total) in Prometheus instead.",
  },
  workerLogs: {
    id: 'worker-logs',
    title: 'Queue stuck - check worker logs',
    command: 'kubectl logs deployment/{deployment} -n {namespace} --tail=100',
    kind: 'workerLogs',
    section: 'Common Issues',
  },
};

/**
 * Values filled into a command.
 * @public
 */
export interface RunbookCommandValues {
  namespace?: string;
  deployment?: string;
  pod?: string;
  /** Prometheus job, for the metric steps. */
  job?: string;
}

const CHECKS: Record<
  keyof RunbookCommandValues,
  { valid(v: string): boolean; rule: string }
> = {
  namespace: {
    valid: isDnsLabel,
    rule: 'an RFC 1123 label: lower-case letters, digits and -, at most 63',
  },
  deployment: {
    valid: isDnsSubdomain,
    rule: 'an RFC 1123 subdomain: lower-case letters, digits, - and ., at most 253',
  },
  pod: {
    valid: isDnsSubdomain,
    rule: 'an RFC 1123 subdomain: lower-case letters, digits, - and ., at most 253',
  },
  // Only ever inside a double-quoted PromQL string, escaped below; printable text.
  job: {
    valid: v =>
      v.length > 0 &&
      v.length <= 256 &&
      [...v].every(c => c.charCodeAt(0) >= 0x20),
    rule: 'non-empty printable text of at most 256 characters',
  },
};

/**
 * The command with the entity's values filled in. Every placeholder it uses must have a value
 * valid for Kubernetes (namespace: RFC 1123 label; deployment, pod: RFC 1123 subdomain), so a
 * copied command never carries anything a shell would read as more than a name; throws an
 * Error naming the placeholder otherwise.
 * @public
 */
export function renderRunbookCommand(
  command: string,
  values: RunbookCommandValues,
): string {
  return command.replace(/\{(namespace|deployment|pod|job)\}/g, (_, key) => {
    const name = key as keyof RunbookCommandValues;
    const value = values[name];
    if (value === undefined || value === '') {
      throw new Error(`The command needs a ${name}, and the entity has none`);
    }
    if (!CHECKS[name].valid(value)) {
      throw new Error(
        `${name} '${value}' is not a valid Kubernetes value (${CHECKS[name].rule})`,
      );
    }
    return name === 'job' ? escapeLabelValue(value) : value;
  });
}
