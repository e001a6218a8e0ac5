import { CoreV1Api, Metrics, topPods } from '@kubernetes/client-node';
import { simulatedPods } from '../clusterMetrics.ts';
import { NAMESPACE, startFixture } from './standInFixture.ts';

jest.setTimeout(30_000);

/**
 * What @backstage/plugin-kubernetes-backend's fan-out asks every cluster for an entity: its
 * DEFAULT_OBJECTS (KubernetesFanOutHandler.ts), each fetched by KubernetesClientBasedFetcher as
 * `GET /api[s]/{group}/{version}[/namespaces/{ns}]/{plural}?labelSelector=backstage.io/kubernetes-id=<id>`,
 * then, for the namespaces its pods are in, `metrics.k8s.io` pods and core pods by the same selector.
 */
const BACKSTAGE_DEFAULT_OBJECTS = [
  ['', 'v1', 'pods'],
  ['', 'v1', 'services'],
  ['', 'v1', 'configmaps'],
  ['', 'v1', 'limitranges'],
  ['', 'v1', 'resourcequotas'],
  ['apps', 'v1', 'deployments'],
  ['apps', 'v1', 'replicasets'],
  ['autoscaling', 'v2', 'horizontalpodautoscalers'],
  ['batch', 'v1', 'jobs'],
  ['batch', 'v1', 'cronjobs'],
  ['networking.k8s.io', 'v1', 'ingresses'],
  ['apps', 'v1', 'statefulsets'],
  ['apps', 'v1', 'daemonsets'],
  // Older backends ask autoscaling/v1.
  ['autoscaling', 'v1', 'horizontalpodautoscalers'],
] as const;

const TOKEN = 'backstage-token';
const SELECTOR = 'backstage.io/kubernetes-id=festivals-worker';

let fixture: Awaited<ReturnType<typeof startFixture>>;
beforeEach(async () => {
  fixture = await startFixture(
    [
      { service: 'festivals-api' },
      { service: 'festivals-worker', replicas: 1 },
    ],
    { token: TOKEN },
  );
});
afterEach(() => fixture.close());

/** The fetcher's URL, as it builds it. */
function resourceUrl(
  group: string,
  version: string,
  plural: string,
  namespace?: string,
) {
  let path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  if (namespace) path += `/namespaces/${namespace}`;
  return `${
    fixture.api.url
  }${path}/${plural}?labelSelector=${encodeURIComponent(SELECTOR)}`;
}

async function fetchAs(url: string) {
  return fetch(url, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${TOKEN}` },
  });
}

describe("what Backstage's Kubernetes backend asks for", () => {
  it.each([
    ['across all namespaces (no namespace annotation)', undefined],
    [
      "in the entity's namespace (backstage.io/kubernetes-namespace)",
      NAMESPACE,
    ],
  ])(
    "answers every default object type %s, with only the entity's objects",
    async (_, namespace) => {
      const found: Record<string, string[]> = {};
      for (const [group, version, plural] of BACKSTAGE_DEFAULT_OBJECTS) {
        const res = await fetchAs(
          resourceUrl(group, version, plural, namespace),
        );
        expect({ plural, status: res.status }).toEqual({ plural, status: 200 });
        const body = await res.json();
        // The fetcher reads `kind` and `items` of the list.
        expect(body.kind).toMatch(/List$/);
        expect(Array.isArray(body.items)).toBe(true);
        found[`${group}/${version}/${plural}`] = body.items.map(
          (o: any) => o.metadata.name,
        );
      }
      const [pod] = simulatedPods(NAMESPACE, {
        service: 'festivals-worker',
        replicas: 1,
      });
      const rs = pod.pod.slice(0, pod.pod.lastIndexOf('-'));
      expect(found).toEqual({
        '/v1/pods': [pod.pod],
        '/v1/services': ['festivals-worker'],
        '/v1/configmaps': [],
        '/v1/limitranges': [],
        '/v1/resourcequotas': [],
        'apps/v1/deployments': ['festivals-worker'],
        'apps/v1/replicasets': [rs],
        'autoscaling/v2/horizontalpodautoscalers': ['festivals-worker'],
        'batch/v1/jobs': [],
        'batch/v1/cronjobs': [],
        'networking.k8s.io/v1/ingresses': [],
        'apps/v1/statefulsets': [],
        'apps/v1/daemonsets': [],
        'autoscaling/v1/horizontalpodautoscalers': ['festivals-worker'],
      });
    },
  );

  it('answers the pod metrics lookup the way its topPods call reads it', async () => {
    const [metricsRes, podsRes] = await Promise.all([
      fetchAs(resourceUrl('metrics.k8s.io', 'v1beta1', 'pods', NAMESPACE)),
      fetchAs(resourceUrl('', 'v1', 'pods', NAMESPACE)),
    ]);
    expect([metricsRes.status, podsRes.status]).toEqual([200, 200]);
    const [podMetrics, podList] = [
      await metricsRes.json(),
      await podsRes.json(),
    ];
    const top = await topPods(
      { listPodForAllNamespaces: async () => podList } as unknown as CoreV1Api,
      { getPodMetrics: async () => podMetrics } as unknown as Metrics,
    );
    expect(top).toHaveLength(1);
    expect(top[0].Containers.map(c => c.Container)).toEqual([
      'festivals-worker',
    ]);
    // 25% of a 500m limit; requests 250m.
    expect(Number(top[0].CPU.CurrentUsage)).toBeCloseTo(0.125, 6);
    expect(Number(top[0].CPU.RequestTotal)).toBeCloseTo(0.25, 6);
  });

  it('never lists Secrets, even when asked for all objects', async () => {
    const res = await fetchAs(resourceUrl('', 'v1', 'secrets', NAMESPACE));
    expect(res.status).toBe(403);
    expect((await res.json()).reason).toBe('Forbidden');
  });
});
