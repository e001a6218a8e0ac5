import http from 'node:http';
import {
  accrue,
  cadvisorText,
  kubeStateMetricsText,
  simulatedPods,
  type ClusterSample,
  type ClusterWorkload,
  type SimulatedPod,
} from './clusterMetrics.ts';

/** kube-state-metrics' endpoint and the kubelet's cAdvisor one. */
const ENDPOINTS: Record<string, (samples: ClusterSample[]) => string> = {
  '/metrics': kubeStateMetricsText,
  '/metrics/cadvisor': cadvisorText,
};

export interface RunningClusterExporter {
  url: string;
  /** kube-state-metrics' endpoint. */
  kubeStateMetricsUrl: string;
  /** The kubelet's cAdvisor endpoint. */
  cadvisorUrl: string;
  pods: SimulatedPod[];
  /** Each pod's knobs and counters now (what the Kubernetes API stand-in describes). */
  samples(): ClusterSample[];
  /** Turns a service's knobs (e.g. `{ cpuRatio: 0.95 }`) while the exporter runs. */
  update(service: string, knobs: Omit<ClusterWorkload, 'service'>): void;
  close(): Promise<void>;
}

/**
 * Stand-in for kube-state-metrics and the kubelet's cAdvisor in the local stack: serves the pod
 * series the seed's resource rules read (`/metrics` as kube-state-metrics, `/metrics/cadvisor`
 * as the kubelet) for the synthetic workload's pods, so those rules have data and can fire.
 */
export async function startClusterExporter(options: {
  port: number;
  namespace: string;
  workloads: ClusterWorkload[];
}): Promise<RunningClusterExporter> {
  const workloads = new Map(options.workloads.map(w => [w.service, { ...w }]));
  const pods = options.workloads.flatMap(w =>
    simulatedPods(options.namespace, w),
  );
  // Counters integrate the knobs over time, so turning one changes the rate, never resets them.
  const totals = new Map(
    pods.map(p => [p.pod, { cpuSeconds: 0, restarts: 0 }]),
  );
  let last = Date.now();
  const advance = () => {
    const now = Date.now();
    const dt = (now - last) / 1000;
    last = now;
    for (const pod of pods) {
      const add = accrue(workloads.get(pod.service)!, dt);
      const total = totals.get(pod.pod)!;
      total.cpuSeconds += add.cpuSeconds;
      total.restarts += add.restarts;
    }
  };
  const samples = () => {
    advance();
    return pods.map(pod => ({
      pod,
      workload: workloads.get(pod.service)!,
      ...totals.get(pod.pod)!,
    }));
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const render = ENDPOINTS[path];
    if (req.method !== 'GET' || !render) {
      res.writeHead(404);
      res.end();
      return;
    }
    const text = render(samples());
    res.writeHead(200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
    res.end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${options.port}`;
  return {
    url,
    kubeStateMetricsUrl: `${url}/metrics`,
    cadvisorUrl: `${url}/metrics/cadvisor`,
    pods,
    samples,
    update(service, knobs) {
      const current = workloads.get(service);
      if (!current) throw new Error(`No simulated workload ${service}`);
      advance();
      workloads.set(service, { ...current, ...knobs, service });
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
