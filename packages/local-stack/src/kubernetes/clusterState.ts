import { createHash } from 'node:crypto';
import {
  CONTAINER_LIMITS,
  type ClusterSample,
  type ClusterWorkload,
  type SimulatedPod,
} from '../clusterMetrics.ts';

/**
 * What the Kubernetes API stand-in reads its pods from: the cluster stand-in's own samples
 * (`RunningClusterExporter`), so kube-state-metrics/cAdvisor and the API tell the same story.
 */
export interface ClusterSource {
  namespace: string;
  samples(): ClusterSample[];
}

/** Why a container last ended; the API's `lastState.terminated.reason`. */
export type TerminationReason = 'OOMKilled' | 'Error' | 'Completed';

/**
 * What an incident replay can set per service, on top of the workload's knobs (which it turns
 * through the cluster stand-in's `update`). Unset fields fall back to what the knobs imply.
 */
export interface ServiceScenario {
  /** Reason recorded for restarts from now on (default: OOMKilled at ≥ 90% of the memory limit, else Error). */
  terminationReason?: TerminationReason;
  /** The container waits instead of running (e.g. `CrashLoopBackOff`) and is not ready. */
  waitingReason?: string;
  /** HPA bounds (default: min = the Deployment's replicas, max = 10). */
  minReplicas?: number;
  maxReplicas?: number;
}

/** Working set at or above this share of the limit counts as an OOM kill when the container restarts. */
export const OOM_MEMORY_RATIO = 0.9;

/** SIGKILL for an OOM kill (128 + 9), a failure, a clean exit. */
const EXIT_CODES: Record<TerminationReason, number> = {
  OOMKilled: 137,
  Error: 1,
  Completed: 0,
};

export interface Termination {
  reason: TerminationReason;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
}

/** One pod as the API describes it now. */
export interface PodState {
  pod: SimulatedPod;
  workload: ClusterWorkload;
  /** Index of the pod in its Deployment. */
  ordinal: number;
  restarts: number;
  cpuCores: number;
  memoryBytes: number;
  createdAt: number;
  /** When the running container (this instance) started. */
  containerStartedAt: number;
  lastTermination?: Termination;
  waitingReason?: string;
}

export interface ClusterEvent {
  name: string;
  uid: string;
  namespace: string;
  involvedObject: {
    kind: string;
    name: string;
    namespace: string;
    uid: string;
    apiVersion: string;
    fieldPath?: string;
  };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: string; host?: string };
  count: number;
  firstTimestamp: number;
  lastTimestamp: number;
  resourceVersion: string;
}

export const NODE_NAME = 'festivals-node-1';

export function uidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/** `<service>-<hash>` of `<service>-<hash>-<suffix>`: the ReplicaSet a simulated pod belongs to. */
export const replicaSetOf = (pod: SimulatedPod) =>
  pod.pod.slice(0, pod.pod.lastIndexOf('-'));

export const imageOf = (service: string) => `registry.local/${service}:latest`;

/** Working set as the cAdvisor stand-in computes it. */
export const workingSetBytes = (w: ClusterWorkload) =>
  Math.round(CONTAINER_LIMITS.memoryBytes * (w.memoryRatio ?? 0.4));

export const cpuUsageCores = (w: ClusterWorkload) =>
  CONTAINER_LIMITS.cpuCores * (w.cpuRatio ?? 0.25);

/**
 * The cluster's read state: pods from the cluster stand-in's samples, restarts as it counts
 * them, the last termination per pod (recorded when a restart is first seen), events on each
 * change, and per-service scenarios an incident replay can set. Resource versions move only
 * when an object's content does.
 */
export class KubernetesClusterState {
  readonly namespace: string;
  readonly startedAt: number;
  private readonly source: ClusterSource;
  private readonly now: () => number;
  private readonly scenarios = new Map<string, ServiceScenario>();
  private readonly pods = new Map<string, PodState>();
  private readonly events: ClusterEvent[] = [];
  private readonly versions = new Map<
    string,
    { fingerprint: string; version: number }
  >();
  private revision = 1;
  private eventSeq = 0;

  private constructor(source: ClusterSource, now: () => number) {
    this.source = source;
    this.now = now;
    this.namespace = source.namespace;
    this.startedAt = now();
  }

  static create(options: {
    source: ClusterSource;
    now?: () => number;
  }): KubernetesClusterState {
    const state = new KubernetesClusterState(
      options.source,
      options.now ?? Date.now,
    );
    state.refresh();
    return state;
  }

  /** Sets (merges) a service's scenario; `undefined` fields go back to the defaults. */
  setScenario(service: string, scenario: ServiceScenario): void {
    this.refresh();
    if (!this.services().includes(service))
      throw new Error(`No simulated workload ${service}`);
    this.scenarios.set(service, {
      ...this.scenarios.get(service),
      ...scenario,
    });
    this.refresh();
  }

  scenarioOf(service: string): ServiceScenario {
    return this.scenarios.get(service) ?? {};
  }

  /** Drops every scenario (an incident replay's `recover`). */
  clearScenarios(): void {
    this.scenarios.clear();
    this.refresh();
  }

  services(): string[] {
    return [...new Set([...this.pods.values()].map(p => p.pod.service))];
  }

  /** Pods now, in the cluster stand-in's order. */
  podStates(): PodState[] {
    this.refresh();
    return [...this.pods.values()];
  }

  eventList(): ClusterEvent[] {
    this.refresh();
    return [...this.events];
  }

  /** The list resourceVersion: moves whenever anything in the cluster changed. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** An object's resourceVersion: a new one only when its content (`fingerprint`) changed. */
  versionOf(key: string, content: unknown): string {
    const fingerprint = JSON.stringify(content);
    const known = this.versions.get(key);
    if (known?.fingerprint === fingerprint) return String(known.version);
    this.revision++;
    this.versions.set(key, { fingerprint, version: this.revision });
    return String(this.revision);
  }

  nowMs(): number {
    return this.now();
  }

  private refresh(): void {
    const now = this.now();
    const ordinals = new Map<string, number>();
    for (const sample of this.source.samples()) {
      const ordinal = ordinals.get(sample.pod.service) ?? 0;
      ordinals.set(sample.pod.service, ordinal + 1);
      const scenario = this.scenarioOf(sample.pod.service);
      const restarts = Math.floor(sample.restarts);
      const known = this.pods.get(sample.pod.pod);
      const state: PodState = known ?? {
        pod: sample.pod,
        workload: sample.workload,
        ordinal,
        restarts: 0,
        cpuCores: 0,
        memoryBytes: 0,
        createdAt: this.startedAt,
        containerStartedAt: this.startedAt,
      };
      if (!known) {
        this.pods.set(sample.pod.pod, state);
        this.podCreated(state);
      }
      state.workload = sample.workload;
      state.cpuCores = cpuUsageCores(sample.workload);
      state.memoryBytes = workingSetBytes(sample.workload);
      if (restarts > state.restarts) {
        const reason =
          scenario.terminationReason ??
          ((sample.workload.memoryRatio ?? 0.4) >= OOM_MEMORY_RATIO
            ? 'OOMKilled'
            : 'Error');
        state.lastTermination = {
          reason,
          exitCode: EXIT_CODES[reason],
          startedAt: state.containerStartedAt,
          finishedAt: now,
        };
        this.containerRestarted(state, restarts - state.restarts, reason);
        state.restarts = restarts;
        state.containerStartedAt = now;
      }
      state.waitingReason = scenario.waitingReason;
    }
  }

  private podRef(state: PodState) {
    return {
      kind: 'Pod',
      name: state.pod.pod,
      namespace: state.pod.namespace,
      uid: state.pod.uid,
      apiVersion: 'v1',
    };
  }

  private podCreated(state: PodState) {
    const { pod } = state;
    const rs = replicaSetOf(pod);
    const container = { fieldPath: `spec.containers{${pod.container}}` };
    if (state.ordinal === 0)
      this.record(
        {
          kind: 'Deployment',
          name: pod.service,
          namespace: pod.namespace,
          uid: uidOf(`deployment/${pod.namespace}/${pod.service}`),
          apiVersion: 'apps/v1',
        },
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rs} to ${state.workload.replicas ?? 2}`,
        { component: 'deployment-controller' },
      );
    this.record(
      {
        kind: 'ReplicaSet',
        name: rs,
        namespace: pod.namespace,
        uid: uidOf(`replicaset/${pod.namespace}/${rs}`),
        apiVersion: 'apps/v1',
      },
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${pod.pod}`,
      { component: 'replicaset-controller' },
    );
    const kubelet = { component: 'kubelet', host: NODE_NAME };
    this.record(
      this.podRef(state),
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.namespace}/${pod.pod} to ${NODE_NAME}`,
      { component: 'default-scheduler' },
    );
    for (const [reason, message] of this.startMessages(state))
      this.record(
        { ...this.podRef(state), ...container },
        'Normal',
        reason,
        message,
        kubelet,
      );
  }

  private startMessages(state: PodState): Array<[string, string]> {
    const { pod } = state;
    return [
      [
        'Pulled',
        `Container image "${imageOf(pod.service)}" already present on machine`,
      ],
      ['Created', `Created container ${pod.container}`],
      ['Started', `Started container ${pod.container}`],
    ];
  }

  /** The kubelet's events for `times` restarts (aggregated into counts, as the event recorder does). */
  private containerRestarted(
    state: PodState,
    times: number,
    reason: TerminationReason,
  ) {
    const { pod } = state;
    const ref = {
      ...this.podRef(state),
      fieldPath: `spec.containers{${pod.container}}`,
    };
    const kubelet = { component: 'kubelet', host: NODE_NAME };
    if (reason === 'OOMKilled')
      this.record(
        ref,
        'Warning',
        'OOMKilling',
        `Memory cgroup out of memory: container ${pod.container} in pod ${
          pod.pod
        } exceeded its memory limit (${
          CONTAINER_LIMITS.memoryBytes / 1024 ** 2
        }Mi) and was killed`,
        { component: 'kernel-monitor', host: NODE_NAME },
        times,
      );
    this.record(
      ref,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${pod.container} in pod ${pod.pod}_${pod.namespace}(${pod.uid})`,
      kubelet,
      times,
    );
    for (const [r, message] of this.startMessages(state))
      this.record(ref, 'Normal', r, message, kubelet, times);
  }

  private record(
    involvedObject: ClusterEvent['involvedObject'],
    type: ClusterEvent['type'],
    reason: string,
    message: string,
    source: ClusterEvent['source'],
    times = 1,
  ) {
    const now = this.now();
    const same = this.events.find(
      e =>
        e.involvedObject.uid === involvedObject.uid &&
        e.reason === reason &&
        e.message === message,
    );
    this.revision++;
    if (same) {
      same.count += times;
      same.lastTimestamp = now;
      same.resourceVersion = String(this.revision);
      return;
    }
    // Named as the event recorder names them: `<object>.<hex of a nanosecond timestamp>`.
    const name = `${involvedObject.name}.${(
      BigInt(now) * 1_000_000n +
      BigInt(this.eventSeq++)
    ).toString(16)}`;
    this.events.push({
      name,
      uid: uidOf(`event/${involvedObject.namespace}/${name}`),
      namespace: involvedObject.namespace,
      involvedObject,
      reason,
      message,
      type,
      source,
      count: times,
      firstTimestamp: now,
      lastTimestamp: now,
      resourceVersion: String(this.revision),
    });
  }
}
