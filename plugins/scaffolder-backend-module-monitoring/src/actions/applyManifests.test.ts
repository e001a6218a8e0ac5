import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  closedPort,
  startKubernetesApiContractServer,
  type KubernetesApiContractServer,
} from '@internal/test-kit';
import { generateManifests, toYaml } from '../generators/render';
import { parseMonitoredService } from '../generators/spec';
import { createApplyManifestsAction } from './applyManifests';

// Real work per test (promtool processes, the CRD schema validators compiled on first use, the
// Kubernetes client over HTTP): 5 s is too tight on a cold, loaded 2-core CI machine.
jest.setTimeout(60_000);

// Server-side apply over HTTP with the real @kubernetes/client-node, against a contract server
// that follows the Kubernetes API reference (a stand-in from the test kit: no API server can run
// on these machines).
const TOKEN = 'test-service-account-token';
const FIELD_MANAGER = 'backstage-festivals-monitoring';

const settings = {
  serviceMonitorLabels: { release: 'prometheus' },
  prometheusRuleLabels: { release: 'prometheus' },
  runbookBaseUrl: 'https://runbooks.example.org',
};
const manifests = generateManifests(
  parseMonitoredService({ name: 'payments', namespace: 'shop' }),
  settings,
);

let server: KubernetesApiContractServer;
beforeEach(async () => {
  server = await startKubernetesApiContractServer({ token: TOKEN });
});
afterEach(() => server.close());

const permissionsWith = (
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  mockServices.permissions.mock({
    authorize: jest.fn(async requests => requests.map(() => ({ result }))),
  });

function actionFor(
  clusters: object[],
  permissions = permissionsWith(AuthorizeResult.ALLOW),
) {
  return createApplyManifestsAction({
    config: mockServices.rootConfig({
      data: { monitoring: { scaffolder: { kubernetes: { clusters } } } },
    }),
    permissions,
  });
}
const localCluster = () => [
  {
    name: 'local',
    url: server.url,
    serviceAccountToken: TOKEN,
    // @kubernetes/client-node refuses plain http:// unless TLS verification is off.
    skipTLSVerify: true,
  },
];
const clusterAction = (permissions = permissionsWith(AuthorizeResult.ALLOW)) =>
  actionFor(localCluster(), permissions);

function contextWith(input: JsonObject, extra: { isDryRun?: boolean } = {}) {
  // test-utils 0.3.14 (written for scaffolder-node 0.13) drops `isDryRun` from its options.
  const ctx = { ...createMockActionContext({ input }), ...extra };
  const dir = path.join(ctx.workspacePath, 'monitoring');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'servicemonitor.yaml'),
    toYaml(manifests.serviceMonitor),
  );
  fs.writeFileSync(
    path.join(dir, 'prometheusrule.yaml'),
    toYaml(manifests.prometheusRule),
  );
  return ctx;
}

function outputsOf(ctx: { output: unknown }) {
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

const patches = () => server.requests.filter(r => r.method === 'PATCH');

describe('monitoring:kubernetes:apply', () => {
  it('creates both objects with server-side apply, after a server dry run of all of them', async () => {
    const ctx = contextWith({});
    await clusterAction().handler(ctx);

    expect(outputsOf(ctx).results.map((r: any) => [r.kind, r.outcome])).toEqual(
      [
        ['ServiceMonitor', 'created'],
        ['PrometheusRule', 'created'],
      ],
    );
    for (const p of patches()) {
      expect(p.contentType).toBe('application/apply-patch+yaml');
      expect(p.query.fieldManager).toBe(FIELD_MANAGER);
    }
    // Both dry runs come before the first write.
    expect(
      patches().map(p => [p.path.split('/')[6], p.query.dryRun ?? 'write']),
    ).toEqual([
      ['servicemonitors', 'All'],
      ['prometheusrules', 'All'],
      ['servicemonitors', 'write'],
      ['prometheusrules', 'write'],
    ]);
    const stored = server.get('servicemonitors', 'shop', 'payments')!;
    expect(stored.spec).toEqual(manifests.serviceMonitor.spec);
    expect((stored.metadata as any).labels).toEqual(
      manifests.serviceMonitor.metadata.labels,
    );
    expect(server.get('prometheusrules', 'shop', 'payments')!.spec).toEqual(
      manifests.prometheusRule.spec,
    );
  });

  it('changes nothing when applied a second time', async () => {
    await clusterAction().handler(contextWith({}));
    const before = server.get('prometheusrules', 'shop', 'payments')!;
    const ctx = contextWith({});
    await clusterAction().handler(ctx);
    expect(outputsOf(ctx).results.map((r: any) => r.outcome)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(server.get('prometheusrules', 'shop', 'payments')).toEqual(before);
  });

  it('persists nothing in a template dry run, and says what would happen', async () => {
    const ctx = contextWith({}, { isDryRun: true });
    await clusterAction().handler(ctx);
    const out = outputsOf(ctx);
    expect(out.dryRun).toBe(true);
    expect(out.summary).toBe(
      'ServiceMonitor shop/payments: created (dry run, nothing persisted)\n' +
        'PrometheusRule shop/payments: created (dry run, nothing persisted)',
    );
    expect(patches().every(p => p.query.dryRun === 'All')).toBe(true);
    expect(server.get('servicemonitors', 'shop', 'payments')).toBeUndefined();
    expect(server.get('prometheusrules', 'shop', 'payments')).toBeUndefined();
  });

  it('honours dryRun in the input of a real run', async () => {
    await clusterAction().handler(contextWith({ dryRun: true }));
    expect(patches().length).toBe(2);
    expect(server.get('servicemonitors', 'shop', 'payments')).toBeUndefined();
  });

  it('refuses a field another manager owns, naming the object, and writes nothing; force takes it over', async () => {
    // Someone changed the scrape interval with `kubectl apply --server-side`.
    const theirs = structuredClone(manifests.serviceMonitor) as any;
    theirs.spec.endpoints[0].interval = '60s';
    const res = await fetch(
      `${server.url}/apis/monitoring.coreos.com/v1/namespaces/shop/servicemonitors/payments?fieldManager=kubectl`,
      {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/apply-patch+yaml',
          Authorization: `Bearer ${TOKEN}`,
        },
        body: JSON.stringify(theirs),
      },
    );
    expect(res.status).toBe(201);

    await expect(clusterAction().handler(contextWith({}))).rejects.toThrow(
      /Kubernetes cluster 'local' refused a dry-run apply of ServiceMonitor shop\/payments \(HTTP 409\): Conflict: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.endpoints\. Next step: .*force: true/,
    );
    expect(server.get('prometheusrules', 'shop', 'payments')).toBeUndefined();
    expect(
      (server.get('servicemonitors', 'shop', 'payments') as any).spec
        .endpoints[0].interval,
    ).toBe('60s');

    const ctx = contextWith({ force: true });
    await clusterAction().handler(ctx);
    const stored = server.get('servicemonitors', 'shop', 'payments') as any;
    expect(stored.spec.endpoints[0].interval).toBe('30s');
    expect(outputsOf(ctx).results[0].outcome).toBe('configured');
    const owner = stored.metadata.managedFields.find(
      (f: any) => f.manager === FIELD_MANAGER,
    );
    expect(owner.fieldsV1['f:spec']['f:endpoints']).toEqual({});
  });

  it('reports an API refusal of one object and leaves the other unwritten', async () => {
    server.forbidden.add('prometheusrules');
    await expect(clusterAction().handler(contextWith({}))).rejects.toThrow(
      /refused a dry-run apply of PrometheusRule shop\/payments \(HTTP 403\): Forbidden: .*cannot patch resource "prometheusrules".*Next step: grant the service account/,
    );
    expect(server.get('servicemonitors', 'shop', 'payments')).toBeUndefined();
  });

  it('names the token as the thing to fix on 401', async () => {
    const action = actionFor([
      {
        name: 'local',
        url: server.url,
        serviceAccountToken: 'wrong',
        skipTLSVerify: true,
      },
    ]);
    await expect(action.handler(contextWith({}))).rejects.toThrow(
      /HTTP 401.*serviceAccountToken/,
    );
  });

  it('names the cluster and URL when the API server is unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const action = actionFor([
      { name: 'gone', url, serviceAccountToken: TOKEN, skipTLSVerify: true },
    ]);
    await expect(action.handler(contextWith({}))).rejects.toThrow(
      new RegExp(`Kubernetes API of cluster 'gone' at ${url} failed`),
    );
  });

  it('validates all manifests before contacting the cluster', async () => {
    const ctx = contextWith({});
    const broken = structuredClone(manifests.prometheusRule) as any;
    broken.spec.groups[0].rules[0].expr = 'up{job="payments" == 0';
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'monitoring', 'prometheusrule.yaml'),
      toYaml(broken),
    );
    await expect(clusterAction().handler(ctx)).rejects.toThrow(
      /PrometheusRule shop\/payments: spec\.groups\[0\]\.rules\[0\] \(FestivalsAPIDown\): expr is not valid PromQL/,
    );
    expect(server.requests).toEqual([]);
  });

  it('without a configured cluster: a dry run validates locally and says so; a real run is refused', async () => {
    const ctx = contextWith({}, { isDryRun: true });
    await actionFor([]).handler(ctx);
    expect(outputsOf(ctx)).toEqual({
      cluster: '',
      dryRun: true,
      results: [],
      summary:
        'No Kubernetes cluster is configured: 2 manifests validated locally (CRD schemas, PromQL), nothing sent to a cluster',
    });
    await expect(actionFor([]).handler(contextWith({}))).rejects.toThrow(
      /No Kubernetes cluster is configured \(monitoring\.scaffolder\.kubernetes\.clusters\)/,
    );
  });

  it('applies only for a user with monitoring.manifests.apply; a dry run needs no such permission', async () => {
    const denied = permissionsWith(AuthorizeResult.DENY);
    await expect(
      clusterAction(denied).handler(contextWith({})),
    ).rejects.toThrow(
      "Applying monitoring manifests to cluster 'local' needs the permission monitoring.manifests.apply",
    );
    expect(server.requests).toEqual([]);
    // Asked with the credentials of the user who started the task.
    const [requests, options] = (denied.authorize as jest.Mock).mock.calls[0];
    expect(requests).toEqual([
      {
        permission: expect.objectContaining({
          name: 'monitoring.manifests.apply',
        }),
      },
    ]);
    expect(options.credentials.principal).toMatchObject({
      type: 'user',
      userEntityRef: expect.stringMatching(/^user:/),
    });

    await clusterAction(denied).handler(contextWith({}, { isDryRun: true }));
    expect(patches().every(p => p.query.dryRun === 'All')).toBe(true);
  });

  it('converges on a re-run after a write failed half way', async () => {
    server.failNextWrite('prometheusrules', 500);
    await expect(clusterAction().handler(contextWith({}))).rejects.toThrow(
      /refused applying PrometheusRule shop\/payments \(HTTP 500\): InternalError: .*applying again is safe/,
    );
    expect(server.get('servicemonitors', 'shop', 'payments')).toBeDefined();
    expect(server.get('prometheusrules', 'shop', 'payments')).toBeUndefined();

    const ctx = contextWith({});
    await clusterAction().handler(ctx);
    expect(outputsOf(ctx).results.map((r: any) => r.outcome)).toEqual([
      'unchanged',
      'created',
    ]);
    expect(server.get('prometheusrules', 'shop', 'payments')!.spec).toEqual(
      manifests.prometheusRule.spec,
    );
  });

  it('reads multi-document files, and names a file that is not YAML', async () => {
    const ctx = contextWith({ manifestPaths: ['all.yaml'] });
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'all.yaml'),
      `${toYaml(manifests.serviceMonitor)}---\n${toYaml(
        manifests.prometheusRule,
      )}`,
    );
    await clusterAction().handler(ctx);
    expect(outputsOf(ctx).results.map((r: any) => r.kind)).toEqual([
      'ServiceMonitor',
      'PrometheusRule',
    ]);

    const bad = contextWith({ manifestPaths: ['broken.yaml'] });
    fs.writeFileSync(
      path.join(bad.workspacePath, 'broken.yaml'),
      'kind: [ServiceMonitor',
    );
    await expect(clusterAction().handler(bad)).rejects.toThrow(
      /^manifestPaths: broken\.yaml is not valid YAML: /,
    );
    await expect(
      clusterAction().handler(contextWith({ manifestPaths: ['missing.yaml'] })),
    ).rejects.toThrow('manifestPaths: cannot read missing.yaml (ENOENT)');
  });

  it('tells to install the CRDs when the cluster does not serve monitoring.coreos.com', async () => {
    const bare = await startKubernetesApiContractServer({
      token: TOKEN,
      crdsInstalled: false,
    });
    try {
      const action = actionFor([
        {
          name: 'bare',
          url: bare.url,
          serviceAccountToken: TOKEN,
          skipTLSVerify: true,
        },
      ]);
      await expect(action.handler(contextWith({}))).rejects.toThrow(
        /cluster 'bare' refused a dry-run apply of ServiceMonitor shop\/payments \(HTTP 404\).*Next step: install the prometheus-operator CRDs/,
      );
    } finally {
      await bare.close();
    }
  });

  it('refuses an unknown cluster name, listing the configured ones', async () => {
    await expect(
      clusterAction().handler(contextWith({ cluster: 'prod' })),
    ).rejects.toThrow(
      /cluster: no Kubernetes cluster named 'prod' .*\(configured: local\)/,
    );
  });
});
