import { startClusterExporter } from './clusterExporter.ts';
import { CONTAINER_LIMITS } from './clusterMetrics.ts';
import { freePort } from './net.ts';

/** `name{labels} value` lines of one metric, labels parsed. */
function seriesOf(text: string, metric: string) {
  return text
    .split('\n')
    .filter(line => line.startsWith(`${metric}{`))
    .map(line => {
      const m = /^[^{]+\{(.*)\} (\S+)$/.exec(line)!;
      const labels = Object.fromEntries(
        [...m[1].matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map(x => [
          x[1],
          x[2],
        ]),
      );
      return { labels, value: Number(m[2]) };
    });
}

async function scrape(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

describe('the cluster stand-in (kube-state-metrics and cAdvisor)', () => {
  it('serves the pods of each service with their app label, limits, restarts and usage', async () => {
    const exporter = await startClusterExporter({
      port: await freePort(),
      namespace: 'festivals-production',
      workloads: [
        { service: 'festivals-api' },
        { service: 'festivals-worker', replicas: 1 },
      ],
    });
    try {
      expect(exporter.pods.map(p => p.service)).toEqual([
        'festivals-api',
        'festivals-api',
        'festivals-worker',
      ]);
      for (const pod of exporter.pods)
        expect(pod.pod).toMatch(
          new RegExp(`^${pod.service}-[a-z0-9]{9}-[a-z0-9]{5}$`),
        );

      const ksm = await scrape(exporter.kubeStateMetricsUrl);
      expect(
        seriesOf(ksm, 'kube_pod_labels').map(s => [
          s.labels.pod,
          s.labels.label_app_kubernetes_io_name,
          s.labels.namespace,
        ]),
      ).toEqual(
        exporter.pods.map(p => [p.pod, p.service, 'festivals-production']),
      );
      const limits = seriesOf(ksm, 'kube_pod_container_resource_limits');
      expect(limits).toHaveLength(6);
      expect(
        limits.find(
          s =>
            s.labels.pod === exporter.pods[0].pod &&
            s.labels.resource === 'memory',
        ),
      ).toEqual({
        labels: expect.objectContaining({
          container: 'festivals-api',
          unit: 'byte',
        }),
        value: 512 * 1024 * 1024,
      });
      expect(
        seriesOf(ksm, 'kube_pod_container_status_restarts_total').map(
          s => s.value,
        ),
      ).toEqual([0, 0, 0]);

      const cadvisor = await scrape(exporter.cadvisorUrl);
      const memory = seriesOf(cadvisor, 'container_memory_working_set_bytes');
      // One container series and one pod-level (container="") series per pod.
      expect(memory.map(s => s.labels.container)).toEqual([
        'festivals-api',
        '',
        'festivals-api',
        '',
        'festivals-worker',
        '',
      ]);
      const containerMemory = memory.filter(s => s.labels.container !== '');
      // Below the 90 % rules by default, so the stack raises no alerts on its own.
      for (const s of containerMemory)
        expect(s.value / CONTAINER_LIMITS.memoryBytes).toBeLessThan(0.9);
      for (const s of memory.filter(x => x.labels.container === ''))
        expect(s.value).toBeGreaterThan(containerMemory[0].value);
    } finally {
      await exporter.close();
    }
  });

  it('turns a service’s knobs while running, counters only ever growing', async () => {
    const exporter = await startClusterExporter({
      port: await freePort(),
      namespace: 'festivals-production',
      workloads: [{ service: 'festivals-api', replicas: 1 }],
    });
    try {
      const cpu = async () =>
        seriesOf(
          await scrape(exporter.cadvisorUrl),
          'container_cpu_usage_seconds_total',
        ).find(s => s.labels.container === 'festivals-api')!.value;
      const restarts = async () =>
        seriesOf(
          await scrape(exporter.kubeStateMetricsUrl),
          'kube_pod_container_status_restarts_total',
        )[0].value;

      const c0 = await cpu();
      await new Promise(r => setTimeout(r, 500));
      const c1 = await cpu();
      exporter.update('festivals-api', {
        cpuRatio: 0.95,
        memoryRatio: 0.95,
        restartsPerMinute: 600,
      });
      const c2 = await cpu();
      await new Promise(r => setTimeout(r, 500));
      const c3 = await cpu();
      expect(c2).toBeGreaterThanOrEqual(c1);
      // 0.95 of 0.5 cores against 0.25 of it: the counter climbs about 3.8 times as fast.
      const before = (c1 - c0) / 0.5;
      const after = (c3 - c2) / 0.5;
      expect(after).toBeGreaterThan(before * 2.5);
      expect(after).toBeLessThanOrEqual(CONTAINER_LIMITS.cpuCores * 1.2);
      expect(await restarts()).toBeGreaterThanOrEqual(3);

      const memory = seriesOf(
        await scrape(exporter.cadvisorUrl),
        'container_memory_working_set_bytes',
      ).find(s => s.labels.container === 'festivals-api')!.value;
      expect(memory / CONTAINER_LIMITS.memoryBytes).toBeCloseTo(0.95, 3);
      expect(() => exporter.update('nope', { cpuRatio: 1 })).toThrow(
        'No simulated workload nope',
      );
    } finally {
      await exporter.close();
    }
  });
});
