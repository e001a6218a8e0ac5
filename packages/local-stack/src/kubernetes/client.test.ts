import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  Metrics,
  topPods,
} from '@kubernetes/client-node';
import { CONTAINER_LIMITS, simulatedPods } from '../clusterMetrics.ts';
import { NAMESPACE, pinClock, startFixture } from './standInFixture.ts';

// The real client over HTTP against the stand-in, as the runbook diagnostics will call it.
jest.setTimeout(30_000);

const WORKLOADS = [
  {
    service: 'festivals-api',
    restartsPerMinute: 2,
    memoryRatio: 0.95,
    cpuRatio: 0.6,
  },
  { service: 'festivals-worker', replicas: 1 },
];
const TOKEN = 'reader-token';
const apiPods = simulatedPods(NAMESPACE, WORKLOADS[0]);
const workerPods = simulatedPods(NAMESPACE, WORKLOADS[1]);

let fixture: Awaited<ReturnType<typeof startFixture>>;
let clock: ReturnType<typeof pinClock>;
let kc: KubeConfig;

beforeEach(async () => {
  clock = pinClock();
  const line = (s: number, msg: string) =>
    JSON.stringify({
      time: new Date(clock.now() + s * 1000).toISOString(),
      level: 'warn',
      msg,
    });
  fixture = await startFixture(WORKLOADS, {
    token: TOKEN,
    apiLogLines: [
      line(-3, 'one'),
      line(-2, 'two'),
      line(-1, 'heap out of memory soon'),
    ],
  });
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: fixture.api.url, skipTLSVerify: true }],
    users: [{ name: 'reader', token: TOKEN }],
    contexts: [{ name: 'local', cluster: 'local', user: 'reader' }],
    currentContext: 'local',
  });
});
afterEach(async () => {
  await fixture.close();
  jest.useRealTimers();
});

/** kube-state-metrics' restart counter per pod, as the cluster stand-in serves it now. */
async function scrapedRestarts(): Promise<Record<string, number>> {
  const text = await (await fetch(fixture.exporter.kubeStateMetricsUrl)).text();
  return Object.fromEntries(
    [
      ...text.matchAll(
        /^kube_pod_container_status_restarts_total\{[^}]*pod="([^"]+)"[^}]*\} (\d+)$/gm,
      ),
    ].map(m => [m[1], Number(m[2])]),
  );
}

describe('the Kubernetes API stand-in through @kubernetes/client-node', () => {
  it("lists pods by label selector with the cluster stand-in's names, containers, restarts and OOMKilled", async () => {
    clock.advance(90_000); // 3 restarts at 2/min
    const core = kc.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({
      namespace: NAMESPACE,
      labelSelector: 'backstage.io/kubernetes-id=festivals-api',
    });
    expect(pods.items.map(p => p.metadata?.name).sort()).toEqual(
      apiPods.map(p => p.pod).sort(),
    );
    const restarts = await scrapedRestarts();
    for (const pod of pods.items) {
      const [status] = pod.status!.containerStatuses!;
      expect(status.name).toBe(apiPods[0].container);
      // The API's restartCount is kube-state-metrics' counter: both views agree.
      expect(status.restartCount).toBe(3);
      expect(restarts[pod.metadata!.name!]).toBe(status.restartCount);
      expect(status.lastState?.terminated).toMatchObject({
        reason: 'OOMKilled',
        exitCode: 137,
      });
      expect(status.state?.running?.startedAt).toEqual(new Date(clock.now()));
      expect(pod.spec!.containers[0].resources?.limits).toEqual({
        cpu: '500m',
        memory: '512Mi',
      });
    }
    const worker = await core.listNamespacedPod({
      namespace: NAMESPACE,
      labelSelector: 'app.kubernetes.io/name in (festivals-worker)',
    });
    expect(worker.items.map(p => p.metadata?.name)).toEqual([
      workerPods[0].pod,
    ]);
    expect(worker.items[0].status!.containerStatuses![0]).toMatchObject({
      restartCount: 0,
      ready: true,
      lastState: {},
    });
    expect(restarts[workerPods[0].pod]).toBe(0);
  });

  it('reads a pod log with tailLines', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const log = await core.readNamespacedPodLog({
      name: apiPods[0].pod,
      namespace: NAMESPACE,
      container: 'festivals-api',
      tailLines: 2,
    });
    expect(
      log
        .trimEnd()
        .split('\n')
        .map(l => JSON.parse(l).msg),
    ).toEqual(['two', 'heap out of memory soon']);
  });

  it('lists deployments and HPAs following the workload (a CPU-heavy service wants more replicas)', async () => {
    const deployments = await kc
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: NAMESPACE });
    expect(
      deployments.items.map(d => [
        d.metadata?.name,
        d.spec?.replicas,
        d.status?.readyReplicas,
        d.spec?.selector.matchLabels,
      ]),
    ).toEqual([
      ['festivals-api', 2, 2, { 'app.kubernetes.io/name': 'festivals-api' }],
      [
        'festivals-worker',
        1,
        1,
        { 'app.kubernetes.io/name': 'festivals-worker' },
      ],
    ]);
    const hpas = await kc
      .makeApiClient(AutoscalingV2Api)
      .listNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE });
    const byName = Object.fromEntries(
      hpas.items.map(h => [h.metadata?.name, h]),
    );
    // api: 0.6 × 500m = 300m against a 250m request = 120% of a 70% target → ceil(2 × 120/70) = 4.
    expect(byName['festivals-api'].status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
    });
    expect(
      byName['festivals-api'].status?.currentMetrics?.[0].resource?.current
        .averageUtilization,
    ).toBe(120);
    expect(byName['festivals-api'].spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
    });
    // worker: 0.25 × 500m = 125m = 50% → within bounds, stays at 1.
    expect(byName['festivals-worker'].status).toMatchObject({
      currentReplicas: 1,
      desiredReplicas: 1,
    });

    // An incident replay can cap the HPA: it is then at max and says so.
    fixture.api.state.setScenario('festivals-api', { maxReplicas: 3 });
    const capped = await kc
      .makeApiClient(AutoscalingV2Api)
      .readNamespacedHorizontalPodAutoscaler({
        name: 'festivals-api',
        namespace: NAMESPACE,
      });
    expect(capped.status?.desiredReplicas).toBe(3);
    expect(
      capped.status?.conditions?.find(c => c.type === 'ScalingLimited'),
    ).toMatchObject({
      status: 'True',
      reason: 'TooManyReplicas',
    });
  });

  it('lists events with a field selector', async () => {
    clock.advance(30_000); // one restart per api pod
    const core = kc.makeApiClient(CoreV1Api);
    const events = await core.listNamespacedEvent({
      namespace: NAMESPACE,
      fieldSelector: `involvedObject.name=${apiPods[1].pod},reason=BackOff`,
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      type: 'Warning',
      count: 1,
      involvedObject: { kind: 'Pod', name: apiPods[1].pod },
    });
    expect(events.items[0].lastTimestamp).toEqual(new Date(clock.now()));
  });

  it('serves PodMetrics that topPods reads against requests and limits', async () => {
    const metrics = await new Metrics(kc).getPodMetrics(NAMESPACE);
    const usage = Object.fromEntries(
      metrics.items.map(m => [m.metadata.name, m.containers[0].usage]),
    );
    expect(usage[apiPods[0].pod]).toEqual({
      cpu: `${Math.round(0.6 * CONTAINER_LIMITS.cpuCores * 1e9)}n`,
      memory: `${Math.round((0.95 * CONTAINER_LIMITS.memoryBytes) / 1024)}Ki`,
    });
    // The same working set the cAdvisor stand-in reports.
    const cadvisor = await (await fetch(fixture.exporter.cadvisorUrl)).text();
    const workingSet = Number(
      new RegExp(
        `^container_memory_working_set_bytes\\{[^}]*pod="${apiPods[0].pod}",container="festivals-api"[^}]*\\} (\\d+)$`,
        'm',
      ).exec(cadvisor)![1],
    );
    expect(
      Math.abs(
        Number(usage[apiPods[0].pod].memory.replace('Ki', '')) * 1024 -
          workingSet,
      ),
    ).toBeLessThan(1024);

    const top = await topPods(
      kc.makeApiClient(CoreV1Api),
      new Metrics(kc),
      NAMESPACE,
    );
    const api = top.find(t => t.Pod.metadata?.name === apiPods[0].pod)!;
    expect(Number(api.CPU.CurrentUsage)).toBeCloseTo(0.3, 6);
    expect(Number(api.CPU.LimitTotal)).toBeCloseTo(0.5, 6);
    expect(Number(api.Memory.LimitTotal)).toBe(CONTAINER_LIMITS.memoryBytes);
  });

  it("surfaces the API server's Status through ApiException: 404 and 403 for secrets", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const failure = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (e) {
        return e as ApiException<string>;
      }
      throw new Error('expected the call to fail');
    };
    const missing = await failure(
      core.readNamespacedPod({ name: 'nope', namespace: NAMESPACE }),
    );
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
    const secrets = await failure(
      core.listNamespacedSecret({ namespace: NAMESPACE }),
    );
    expect(secrets.code).toBe(403);
    expect(JSON.parse(secrets.body)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
    });
  });
});
