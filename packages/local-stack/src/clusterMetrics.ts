import { createHash } from 'node:crypto';

/**
 * What the cluster stand-in simulates for one service: a Deployment whose pods carry
 * `app.kubernetes.io/name=<service>`, with one container named after the service.
 */
export interface ClusterWorkload {
  service: string;
  /** Pods of the Deployment (default 2). */
  replicas?: number;
  /** CPU used, as a share of the container's limit (default 0.25). */
  cpuRatio?: number;
  /** Working set, as a share of the container's memory limit (default 0.4). */
  memoryRatio?: number;
  /** Container restarts per minute, per pod (default 0). */
  restartsPerMinute?: number;
}

/** Limits every simulated container gets (500m CPU, 512 MiB). */
export const CONTAINER_LIMITS = { cpuCores: 0.5, memoryBytes: 512 * 1024 ** 2 };

export interface SimulatedPod {
  namespace: string;
  service: string;
  pod: string;
  uid: string;
  container: string;
}

function hash(text: string, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Deterministic Deployment pod names, `<service>-<replicaset hash>-<pod suffix>`, as Kubernetes forms them. */
export function simulatedPods(
  namespace: string,
  workload: ClusterWorkload,
): SimulatedPod[] {
  const replicaSet = hash(`${namespace}/${workload.service}`, 9);
  return Array.from({ length: workload.replicas ?? 2 }, (_, i) => {
    const pod = `${workload.service}-${replicaSet}-${hash(
      `${replicaSet}/${i}`,
      5,
    )}`;
    const h = createHash('sha256').update(`${namespace}/${pod}`).digest('hex');
    return {
      namespace,
      service: workload.service,
      pod,
      uid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
        16,
        20,
      )}-${h.slice(20, 32)}`,
      container: workload.service,
    };
  });
}

function series(name: string, labels: Record<string, string>, value: number) {
  const pairs = Object.entries(labels)
    .map(
      ([k, v]) =>
        `${k}="${v
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',');
  return `${name}{${pairs}} ${value}`;
}

function family(
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  lines: string[],
): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines].join(
    '\n',
  );
}

/** One pod's state at scrape time; counters are integrated by the caller as knobs change. */
export interface ClusterSample {
  pod: SimulatedPod;
  workload: ClusterWorkload;
  /** Container CPU seconds since the exporter started. */
  cpuSeconds: number;
  /** Container restarts since the exporter started. */
  restarts: number;
}

/** CPU seconds and restarts one pod accrues in `dtSeconds` at the workload's knobs. */
export function accrue(
  workload: ClusterWorkload,
  dtSeconds: number,
): { cpuSeconds: number; restarts: number } {
  return {
    cpuSeconds:
      dtSeconds * CONTAINER_LIMITS.cpuCores * (workload.cpuRatio ?? 0.25),
    restarts: (dtSeconds * (workload.restartsPerMinute ?? 0)) / 60,
  };
}

function workingSet(s: ClusterSample): number {
  return Math.round(
    CONTAINER_LIMITS.memoryBytes * (s.workload.memoryRatio ?? 0.4),
  );
}

/**
 * kube-state-metrics' pod series as it exposes them: pod labels (with `app.kubernetes.io/name`
 * allow-listed, as `--metric-labels-allowlist=pods=[app.kubernetes.io/name]` does), container
 * limits and restart counts.
 */
export function kubeStateMetricsText(samples: ClusterSample[]): string {
  const id = (s: ClusterSample) => ({
    namespace: s.pod.namespace,
    pod: s.pod.pod,
    uid: s.pod.uid,
  });
  return `${[
    family(
      'kube_pod_labels',
      'gauge',
      'Kubernetes labels converted to Prometheus labels.',
      samples.map(s =>
        series(
          'kube_pod_labels',
          { ...id(s), label_app_kubernetes_io_name: s.pod.service },
          1,
        ),
      ),
    ),
    family(
      'kube_pod_container_resource_limits',
      'gauge',
      'The number of requested limit resource by a container.',
      samples.flatMap(s => [
        series(
          'kube_pod_container_resource_limits',
          {
            ...id(s),
            container: s.pod.container,
            resource: 'cpu',
            unit: 'core',
          },
          CONTAINER_LIMITS.cpuCores,
        ),
        series(
          'kube_pod_container_resource_limits',
          {
            ...id(s),
            container: s.pod.container,
            resource: 'memory',
            unit: 'byte',
          },
          CONTAINER_LIMITS.memoryBytes,
        ),
      ]),
    ),
    family(
      'kube_pod_container_status_restarts_total',
      'counter',
      'The number of container restarts per container.',
      samples.map(s =>
        series(
          'kube_pod_container_status_restarts_total',
          { ...id(s), container: s.pod.container },
          Math.floor(s.restarts),
        ),
      ),
    ),
  ].join('\n')}\n`;
}

/**
 * The kubelet's cAdvisor series for the pods: one per container and, as cAdvisor also reports
 * the pod's own cgroup, one with `container=""` holding the pod's total (containers plus the
 * pause container), which a sum over all series would count twice.
 */
export function cadvisorText(samples: ClusterSample[]): string {
  const cgroup = (s: ClusterSample) => `/kubepods/burstable/pod${s.pod.uid}`;
  const container = (s: ClusterSample) => ({
    namespace: s.pod.namespace,
    pod: s.pod.pod,
    container: s.pod.container,
    id: `${cgroup(s)}/${s.pod.container}`,
    image: `registry.local/${s.pod.service}:latest`,
  });
  const podLevel = (s: ClusterSample) => ({
    namespace: s.pod.namespace,
    pod: s.pod.pod,
    container: '',
    id: cgroup(s),
  });
  // The pause container's share on top of the containers'.
  const pause = { cpu: 0.002, memory: 1024 * 1024 };
  return `${[
    family(
      'container_cpu_usage_seconds_total',
      'counter',
      'Cumulative cpu time consumed in seconds.',
      samples.flatMap(s => [
        series('container_cpu_usage_seconds_total', container(s), s.cpuSeconds),
        series(
          'container_cpu_usage_seconds_total',
          podLevel(s),
          s.cpuSeconds * (1 + pause.cpu),
        ),
      ]),
    ),
    family(
      'container_memory_working_set_bytes',
      'gauge',
      'Current working set in bytes.',
      samples.flatMap(s => [
        series(
          'container_memory_working_set_bytes',
          container(s),
          workingSet(s),
        ),
        series(
          'container_memory_working_set_bytes',
          podLevel(s),
          workingSet(s) + pause.memory,
        ),
      ]),
    ),
  ].join('\n')}\n`;
}
