/**
 * DTOs of `GET /diagnostics`: the live results of a runbook's steps, each with the time it was
 * read and where it came from, or its own error so one failing step never hides the others.
 */

import { DiagnosticKind } from './runbookSteps';

/**
 * Why a step could not be read.
 * - `NoCluster`: no cluster in `kubernetes.clusterLocatorMethods`;
 * - `ClusterUnreachable`: the API server did not answer (the message names its URL);
 * - `Forbidden`: the API server answered 403 (the service account lacks RBAC for the resource);
 * - `Unauthorized`: the API server refused the service account token (401);
 * - `NotFound`: the entity's workload is not in the cluster;
 * - `NotConfigured`: a source the step needs is not configured (Prometheus, annotations);
 * - `Upstream`: Prometheus, Loki or the API server failed otherwise.
 * @public
 */
export type DiagnosticErrorReason =
  | 'NoCluster'
  | 'ClusterUnreachable'
  | 'Forbidden'
  | 'Unauthorized'
  | 'NotFound'
  | 'NotConfigured'
  | 'Upstream';

/** @public */
export interface DiagnosticError {
  reason: DiagnosticErrorReason;
  message: string;
}

/**
 * A pod as the pods step shows it. Never env values, never anything from Secrets.
 * @public
 */
export interface PodDiagnostic {
  name: string;
  phase: string;
  /** Every container ready. */
  ready: boolean;
  readyContainers: number;
  containers: number;
  restarts: number;
  /** Waiting reason of a container that is not running (e.g. `CrashLoopBackOff`). */
  waitingReason?: string;
  /** The last termination of the most recently terminated container. */
  lastTermination?: {
    container: string;
    reason: string;
    exitCode?: number;
    finishedAt?: string;
  };
  /** A container was last terminated by the OOM killer. */
  oomKilled: boolean;
  /** ISO time the pod started. */
  startedAt?: string;
  node?: string;
}

/**
 * CPU and memory of one container against its requests and limits (cores and bytes).
 * @public
 */
export interface ContainerResources {
  container: string;
  cpuCores?: number;
  memoryBytes?: number;
  cpuRequestCores?: number;
  cpuLimitCores?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

/** @public */
export interface PodResourcesDiagnostic {
  pod: string;
  containers: ContainerResources[];
  /** Usage over the sum of limits, when both are known (0.9 = the guide's alert threshold). */
  cpuLimitRatio?: number;
  memoryLimitRatio?: number;
}

/** @public */
export interface EventDiagnostic {
  type: string;
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  /** ISO times. */
  firstTimestamp?: string;
  lastTimestamp?: string;
}

/** @public */
export interface HpaDiagnostic {
  name: string;
  /** The workload it scales, e.g. `Deployment/festivals-api`. */
  target: string;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** Desired (or current) replicas have reached the maximum: it cannot scale out further. */
  atMax: boolean;
  /** Current vs target per metric, as `kubectl get hpa` prints them, e.g. `cpu: 85%/70%`. */
  metrics: string[];
}

/** @public */
export interface DiagnosticLogLine {
  /** ISO time, when the source gives one. */
  time?: string;
  pod?: string;
  /** Read from the container instance before its last restart (`kubectl logs --previous`). */
  previous?: boolean;
  line: string;
}

/** @public */
export interface LogsDiagnostic {
  lines: DiagnosticLogLine[];
  /** The LogQL, when read from Loki. */
  query?: string;
  /** Lines or bytes were cut at the cap; a warning says which. */
  truncated: boolean;
}

/** @public */
export interface DbConnectionsDiagnostic {
  query: string;
  /** The alert's threshold, 0.8. */
  threshold: number;
  series: Array<{
    /** Identifying labels (pod, instance). */
    labels: Record<string, string>;
    active: number;
    /** The pool size. */
    total: number;
    ratio?: number;
  }>;
}

/** @public */
export interface TargetsDiagnostic {
  job: string;
  targets: Array<{
    instance: string;
    health: 'up' | 'down' | 'unknown';
    lastError: string;
    scrapeUrl: string;
  }>;
}

/**
 * The data of each kind of step.
 * @public
 */
export interface DiagnosticData {
  pods: { pods: PodDiagnostic[] };
  podResources: { pods: PodResourcesDiagnostic[] };
  events: { events: EventDiagnostic[] };
  hpa: { hpas: HpaDiagnostic[] };
  oomLogs: LogsDiagnostic;
  workerLogs: LogsDiagnostic;
  dbConnections: DbConnectionsDiagnostic;
  targets: TargetsDiagnostic;
}

/**
 * Where a live result was read from.
 * @public
 */
export type DiagnosticSource =
  | 'kubernetes'
  | 'metrics.k8s.io'
  | 'prometheus'
  | 'loki';

/**
 * The live result of one step: its data, or its error.
 * @public
 */
export type DiagnosticResult = {
  [K in DiagnosticKind]:
    | {
        kind: K;
        status: 'ok';
        /** ISO time it was read. */
        readAt: string;
        source: DiagnosticSource;
        /** e.g. the Kubernetes cluster or Prometheus instance name. */
        sourceName?: string;
        /** The command with the entity's values (the live Deployment name when found). */
        command?: string;
        data: DiagnosticData[K];
        /** Fallbacks and caps, in words (e.g. metrics API missing, logs capped). */
        warnings?: string[];
      }
    | {
        kind: K;
        status: 'error';
        readAt: string;
        command?: string;
        error: DiagnosticError;
        warnings?: string[];
      };
}[DiagnosticKind];

/**
 * `GET /diagnostics?entityRef=…&step=<kind>[&step=…]`.
 * @public
 */
export interface DiagnosticsResponse {
  entityRef: string;
  namespace: string;
  labelSelector: string;
  /** The Deployment the commands name (from the cluster when found, else the kubernetes-id). */
  deployment?: string;
  /** The cluster read, when one is configured. */
  cluster?: string;
  results: DiagnosticResult[];
}

/** Lines a log step returns at most (the guide's `--tail=100`). @public */
export const DIAGNOSTIC_LOG_LINES = 100;

/** Bytes of log text a log step returns at most (per pod from the Kubernetes API). @public */
export const DIAGNOSTIC_LOG_BYTES = 64 * 1024;

/** Events the events step returns (the guide's `| tail -20`). @public */
export const DIAGNOSTIC_EVENTS = 20;
