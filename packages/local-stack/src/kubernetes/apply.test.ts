import {
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { CustomResourceChange } from './customResources.ts';
import { NAMESPACE } from './standInFixture.ts';
import { startClusterExporter } from '../clusterExporter.ts';
import { freePort } from '../net.ts';
import {
  startKubernetesStandIn,
  type RunningKubernetesStandIn,
} from './server.ts';

// Server-side apply of the prometheus-operator's custom resources, checked against what
// kubernetes/website's server-side-apply.md and api-concepts.md say an API server answers.
jest.setTimeout(30_000);

let api: RunningKubernetesStandIn;
let closeExporter: () => Promise<void>;
let changes: CustomResourceChange[];

beforeEach(async () => {
  const exporter = await startClusterExporter({
    port: await freePort(),
    namespace: NAMESPACE,
    workloads: [{ service: 'festivals-api' }],
  });
  closeExporter = () => exporter.close();
  changes = [];
  api = await startKubernetesStandIn({
    port: 0,
    source: { namespace: NAMESPACE, samples: exporter.samples },
    onCustomResourceChange: c => changes.push(c),
  });
});
afterEach(async () => {
  await api.close();
  await closeExporter();
});

const base = `/apis/monitoring.coreos.com/v1/namespaces/${NAMESPACE}`;
const monitorPath = `${base}/servicemonitors/ticket-api`;

function monitor(endpoint: Record<string, unknown> = { port: 'metrics' }) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: 'ticket-api',
      namespace: NAMESPACE,
      labels: { release: 'prometheus' },
    },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'ticket-api' } },
      endpoints: [{ interval: '30s', path: '/metrics', ...endpoint }],
    },
  };
}

async function call(
  method: string,
  path: string,
  init: { body?: unknown; query?: string; type?: string } = {},
) {
  const res = await fetch(
    `${api.url}${path}${init.query ? `?${init.query}` : ''}`,
    {
      method,
      headers: {
        'Content-Type': init.type ?? 'application/apply-patch+yaml',
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    },
  );
  return { status: res.status, json: await res.json() };
}

const apply = (body: unknown, query = 'fieldManager=team-a') =>
  call('PATCH', monitorPath, { body, query });

describe('server-side apply of ServiceMonitors and PrometheusRules', () => {
  it('announces the custom resources with the patch verb in discovery', async () => {
    const groups = (await call('GET', '/apis')).json;
    expect(groups.groups.map((g: { name: string }) => g.name)).toContain(
      'monitoring.coreos.com',
    );
    const list = (await call('GET', '/apis/monitoring.coreos.com/v1')).json;
    expect(list).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'monitoring.coreos.com/v1',
    });
    const byName = Object.fromEntries(
      list.resources.map((r: any) => [r.name, r]),
    );
    expect(byName.servicemonitors).toMatchObject({
      kind: 'ServiceMonitor',
      namespaced: true,
    });
    expect(byName.servicemonitors.verbs).toEqual(
      expect.arrayContaining(['get', 'list', 'patch', 'delete']),
    );
    expect(byName.prometheusrules.kind).toBe('PrometheusRule');
  });

  it('creates (201), then answers an unchanged re-apply with the same resourceVersion (200)', async () => {
    const created = await apply(monitor());
    expect(created.status).toBe(201);
    expect(created.json.metadata).toMatchObject({
      name: 'ticket-api',
      namespace: NAMESPACE,
      generation: 1,
      labels: { release: 'prometheus' },
    });
    expect(created.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const rv = created.json.metadata.resourceVersion;
    expect(rv).toMatch(/^\d+$/);
    expect(created.json.metadata.managedFields).toEqual([
      {
        manager: 'team-a',
        operation: 'Apply',
        apiVersion: 'monitoring.coreos.com/v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:release': {} } },
          'f:spec': {
            'f:selector': {
              'f:matchLabels': { 'f:app.kubernetes.io/name': {} },
            },
            'f:endpoints': {},
          },
        },
      },
    ]);

    const again = await apply(monitor());
    expect(again.status).toBe(200);
    expect(again.json.metadata.resourceVersion).toBe(rv);
    expect(changes).toHaveLength(1);

    const read = await call('GET', monitorPath);
    expect(read.status).toBe(200);
    expect(read.json.metadata.resourceVersion).toBe(rv);
    expect(read.json.spec).toEqual(monitor().spec);
    const list = await call('GET', `${base}/servicemonitors`);
    expect(list.json).toMatchObject({ kind: 'ServiceMonitorList' });
    expect(list.json.items.map((i: any) => i.metadata.name)).toEqual([
      'ticket-api',
    ]);

    const changed = await apply(monitor({ interval: '15s' }));
    expect(changed.status).toBe(200);
    expect(Number(changed.json.metadata.resourceVersion)).toBeGreaterThan(
      Number(rv),
    );
    expect(changed.json.metadata.generation).toBe(2);
    expect(changed.json.spec.endpoints[0].interval).toBe('15s');
  });

  it('removes a field its manager stops applying', async () => {
    const withTeam = monitor();
    (withTeam.metadata.labels as Record<string, string>).team = 'ticketing';
    await apply(withTeam);
    const without = await apply(monitor());
    expect(without.json.metadata.labels).toEqual({ release: 'prometheus' });
  });

  it('refuses a field another manager owns with a different value: 409 naming the manager and field, nothing changed', async () => {
    const created = await apply(monitor());
    const conflict = await apply(
      monitor({ path: '/other' }),
      'fieldManager=team-b',
    );
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message:
        'Apply failed with 1 conflict: conflict with "team-a" using monitoring.coreos.com/v1: .spec.endpoints',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "team-a" using monitoring.coreos.com/v1',
            field: '.spec.endpoints',
          },
        ],
      },
    });
    const read = await call('GET', monitorPath);
    expect(read.json.metadata.resourceVersion).toBe(
      created.json.metadata.resourceVersion,
    );
    expect(read.json.spec.endpoints[0].path).toBe('/metrics');

    // The same value is shared ownership, not a conflict.
    expect((await apply(monitor(), 'fieldManager=team-b')).status).toBe(200);

    // force=true takes the field over.
    const forced = await apply(
      monitor({ path: '/other' }),
      'fieldManager=team-c&force=true',
    );
    expect(forced.status).toBe(200);
    expect(forced.json.spec.endpoints[0].path).toBe('/other');
    const owners = Object.fromEntries(
      forced.json.metadata.managedFields.map((m: any) => [
        m.manager,
        m.fieldsV1,
      ]),
    );
    expect(owners['team-c']['f:spec']['f:endpoints']).toEqual({});
    expect(owners['team-a']['f:spec']['f:endpoints']).toBeUndefined();
    expect(owners['team-b']['f:spec']['f:endpoints']).toBeUndefined();
  });

  it('stores nothing in a dry run (dryRun=All)', async () => {
    const dry = await apply(monitor(), 'fieldManager=team-a&dryRun=All');
    expect(dry.status).toBe(201);
    expect(dry.json.metadata.name).toBe('ticket-api');
    expect(dry.json.metadata.resourceVersion).toBeUndefined();
    expect((await call('GET', monitorPath)).status).toBe(404);
    expect((await call('GET', `${base}/servicemonitors`)).json.items).toEqual(
      [],
    );

    const created = await apply(monitor());
    const dryChange = await apply(
      monitor({ interval: '1m' }),
      'fieldManager=team-a&dryRun=All',
    );
    expect(dryChange.json.spec.endpoints[0].interval).toBe('1m');
    const read = await call('GET', monitorPath);
    expect(read.json.spec.endpoints[0].interval).toBe('30s');
    expect(read.json.metadata.resourceVersion).toBe(
      created.json.metadata.resourceVersion,
    );
    expect(changes.map(c => c.event)).toEqual(['applied']);
  });

  it('needs an existing namespace (404), a field manager (400), the apply media type (415) and a valid object (422)', async () => {
    const missing = await call(
      'PATCH',
      '/apis/monitoring.coreos.com/v1/namespaces/nowhere/servicemonitors/ticket-api',
      {
        body: { ...monitor(), metadata: { name: 'ticket-api' } },
        query: 'fieldManager=a',
      },
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
    });

    const noManager = await apply(monitor(), '');
    expect(noManager.status).toBe(400);
    expect(noManager.json.message).toMatch(/fieldManager: Required value/);

    const merge = await call('PATCH', monitorPath, {
      body: monitor(),
      query: 'fieldManager=a',
      type: 'application/merge-patch+json',
    });
    expect(merge.status).toBe(415);

    const wrongName = await apply({
      ...monitor(),
      metadata: { name: 'other' },
    });
    expect(wrongName.status).toBe(400);
    expect(wrongName.json.message).toMatch(
      /does not match the name on the URL/,
    );

    const rule = await call('PATCH', `${base}/prometheusrules/ticket-api`, {
      body: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'ticket-api' },
        spec: { groups: [{ rules: [{ alert: 'X' }] }] },
      },
      query: 'fieldManager=a',
    });
    expect(rule.status).toBe(422);
    expect(rule.json).toMatchObject({
      reason: 'Invalid',
      message:
        'PrometheusRule.monitoring.coreos.com "ticket-api" is invalid: spec.groups[0].name: Required value, spec.groups[0].rules[0].expr: Required value',
    });
    expect(changes).toEqual([]);
  });

  it('deletes (and tells the listener), and keeps every other write a 405', async () => {
    await apply(monitor());
    const deleted = await call('DELETE', monitorPath);
    expect(deleted.status).toBe(200);
    expect((await call('GET', monitorPath)).status).toBe(404);
    expect(changes.map(c => c.event)).toEqual(['applied', 'deleted']);
    expect((await call('DELETE', monitorPath)).status).toBe(404);
    const put = await call('PUT', monitorPath, { body: monitor() });
    expect(put.status).toBe(405);
  });

  it('works with @kubernetes/client-node as the scaffolder action calls it', async () => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: 'local', server: api.url, skipTLSVerify: true },
      { name: 'backstage' },
    );
    const client = KubernetesObjectApi.makeApiClient(kc);
    const created = await client.patch(
      monitor() as KubernetesObject,
      undefined,
      undefined,
      'backstage-festivals-monitoring',
      false,
      PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    const read = await client.read({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'ticket-api', namespace: NAMESPACE },
    });
    expect(read.metadata?.resourceVersion).toBe(
      created.metadata?.resourceVersion,
    );
    await expect(
      client.patch(
        monitor({ port: 'http' }),
        undefined,
        undefined,
        'someone-else',
        false,
        PatchStrategy.ServerSideApply,
      ),
    ).rejects.toMatchObject({ code: 409 });
  });
});
