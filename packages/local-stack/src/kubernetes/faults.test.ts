import {
  startClusterExporter,
  type RunningClusterExporter,
} from '../clusterExporter.ts';
import { freePort } from '../net.ts';
import { startKubernetesStandIn } from './server.ts';

// The stand-in's fault switches, for the runbook diagnostics' tests: RBAC denial of a resource,
// a cluster without metrics-server, and every request seen.
jest.setTimeout(30_000);

const NAMESPACE = 'festivals-production';
let exporter: RunningClusterExporter;

beforeEach(async () => {
  exporter = await startClusterExporter({
    port: await freePort(),
    namespace: NAMESPACE,
    workloads: [{ service: 'festivals-api' }],
  });
});
afterEach(() => exporter.close());

async function standIn(options: {
  forbidden?: string[];
  metricsApi?: boolean;
}) {
  const seen: Array<{ method: string; path: string; query: string }> = [];
  const api = await startKubernetesStandIn({
    port: 0,
    source: { namespace: NAMESPACE, samples: exporter.samples },
    onRequest: r => seen.push(r),
    ...options,
  });
  const get = async (path: string) => {
    const res = await fetch(`${api.url}${path}`);
    return { status: res.status, body: await res.json() };
  };
  return { api, seen, get };
}

describe('the Kubernetes API stand-in fault switches', () => {
  it('denies the resources it is told to with a Forbidden Status, and nothing else', async () => {
    const { api, get } = await standIn({ forbidden: ['events'] });
    try {
      const events = await get(`/api/v1/namespaces/${NAMESPACE}/events`);
      expect(events.status).toBe(403);
      expect(events.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: `events is forbidden: User "system:serviceaccount:backstage:festivals-reader" cannot list resource "events" in API group "" in the namespace "${NAMESPACE}"`,
      });
      expect((await get(`/api/v1/namespaces/${NAMESPACE}/pods`)).status).toBe(
        200,
      );
    } finally {
      await api.close();
    }
  });

  it('serves no metrics.k8s.io without metrics-server: absent from discovery, 404 NotFound', async () => {
    const { api, get } = await standIn({ metricsApi: false });
    try {
      const groups = await get('/apis');
      expect(
        groups.body.groups.map((g: { name: string }) => g.name),
      ).not.toContain('metrics.k8s.io');
      expect(groups.body.groups.map((g: { name: string }) => g.name)).toContain(
        'apps',
      );
      const metrics = await get(
        `/apis/metrics.k8s.io/v1beta1/namespaces/${NAMESPACE}/pods`,
      );
      expect(metrics.status).toBe(404);
      expect(metrics.body).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
      });
      expect((await get('/apis/metrics.k8s.io')).status).toBe(404);
    } finally {
      await api.close();
    }
    const { api: full, get: getFull } = await standIn({});
    try {
      expect(
        (
          await getFull(
            `/apis/metrics.k8s.io/v1beta1/namespaces/${NAMESPACE}/pods`,
          )
        ).status,
      ).toBe(200);
    } finally {
      await full.close();
    }
  });

  it('reports every request it receives', async () => {
    const { api, get, seen } = await standIn({});
    try {
      await get(
        `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=festivals-api',
        )}`,
      );
      expect(seen).toEqual([
        {
          method: 'GET',
          path: `/api/v1/namespaces/${NAMESPACE}/pods`,
          query: 'labelSelector=backstage.io%2Fkubernetes-id%3Dfestivals-api',
        },
      ]);
    } finally {
      await api.close();
    }
  });
});
