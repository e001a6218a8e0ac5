import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
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
// One field manager per entity; the manifests below are for component:default/payments.
const FIELD_MANAGER = 'festivals-monitoring/payments';
const OWNER_ANNOTATION = 'monitoring.festivals.io/owner-entity';

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

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});
// The catalog as the tests see it: payments exists, owned by its team.
const catalogEntities = [component('payments', 'group:default/payments-team')];

function actionFor(
  clusters: object[],
  permissions = permissionsWith(AuthorizeResult.ALLOW),
  kubernetes: object = {},
) {
  return createApplyManifestsAction({
    config: mockServices.rootConfig({
      data: {
        monitoring: { scaffolder: { kubernetes: { clusters, ...kubernetes } } },
      },
    }),
    permissions,
    catalog: catalogServiceMock({ entities: catalogEntities }),
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

const patches = () =>
  server.requests.filter(
    r => r.method === 'PATCH' && r.query.fieldManager !== 'kubectl',
  );

/** `kubectl apply --server-side --force-conflicts` of an object, as another field manager. */
function kubectlApply(plural: string, object: object) {
  const { name, namespace } = (object as any).metadata;
  return fetch(
    `${server.url}/apis/monitoring.coreos.com/v1/namespaces/${namespace}/${plural}/${name}?fieldManager=kubectl&force=true`,
    {
      method: 'PATCH',
      headers: {
        'Content-Type': 'application/apply-patch+yaml',
        Authorization: `Bearer ${TOKEN}`,
      },
      body: JSON.stringify(object),
    },
  );
}

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
    await clusterAction().handler(contextWith({}));
    // Then someone changed the scrape interval with `kubectl apply --server-side --force-conflicts`.
    const theirs = structuredClone(manifests.serviceMonitor) as any;
    theirs.spec.endpoints[0].interval = '60s';
    expect((await kubectlApply('servicemonitors', theirs)).status).toBe(200);
    const rulesBefore = server.get('prometheusrules', 'shop', 'payments');

    const refused = clusterAction().handler(contextWith({}));
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(
      /Kubernetes cluster 'local' refused a dry-run apply of ServiceMonitor shop\/payments \(HTTP 409\): Conflict: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.endpoints\. Next step: .*'Take over conflicting fields'.*force: true/,
    );
    expect(server.get('prometheusrules', 'shop', 'payments')).toEqual(
      rulesBefore,
    );
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

  it('reports all conflicts of a run together, and writes nothing', async () => {
    await clusterAction().handler(contextWith({}));
    const monitor = structuredClone(manifests.serviceMonitor) as any;
    monitor.spec.endpoints[0].interval = '60s';
    const rule = structuredClone(manifests.prometheusRule) as any;
    rule.spec.groups[0].rules[0].for = '10m';
    await kubectlApply('servicemonitors', monitor);
    await kubectlApply('prometheusrules', rule);
    const writesBefore = patches().filter(p => !p.query.dryRun).length;

    const refused = clusterAction().handler(contextWith({}));
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(
      /^2 objects conflict with other field managers:\n- .*ServiceMonitor shop\/payments \(HTTP 409\).*\.spec\.endpoints.*\n- .*PrometheusRule shop\/payments \(HTTP 409\).*\.spec\.groups/s,
    );
    expect(patches().filter(p => !p.query.dryRun).length).toBe(writesBefore);
  });

  it('reports an API refusal of one object and leaves the other unwritten', async () => {
    server.forbidden.add('prometheusrules');
    await expect(clusterAction().handler(contextWith({}))).rejects.toThrow(
      NotAllowedError,
    );
    await expect(clusterAction().handler(contextWith({}))).rejects.toThrow(
      /refused a dry-run apply of PrometheusRule shop\/payments \(HTTP 403\): Forbidden: .*cannot patch resource "prometheusrules".*Next step: grant the service account get, create and patch on servicemonitors and prometheusrules/,
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
      entityRef: 'component:default/payments',
      fieldManager: 'festivals-monitoring/payments',
      results: [],
      summary:
        'No Kubernetes cluster is configured: 2 manifests validated locally (CRD schemas, PromQL), nothing sent to a cluster',
    });
    await expect(actionFor([]).handler(contextWith({}))).rejects.toThrow(
      /No Kubernetes cluster is configured \(monitoring\.scaffolder\.kubernetes\.clusters\)/,
    );
  });

  it('applies only for a user allowed monitoring.manifests.apply on the entity, and names its owner otherwise', async () => {
    const denied = permissionsWith(AuthorizeResult.DENY);
    const refused = clusterAction(denied).handler(contextWith({}));
    await expect(refused).rejects.toThrow(NotAllowedError);
    await expect(refused).rejects.toThrow(
      'You may not apply monitoring manifests for component:default/payments (owned by group:default/payments-team): the permission monitoring.manifests.apply was denied for it; ask group:default/payments-team',
    );
    expect(server.requests).toEqual([]);
    // A resource permission on the owning entity, asked with the credentials of the user who started the task.
    const [requests, options] = (denied.authorize as jest.Mock).mock.calls[0];
    expect(requests).toEqual([
      {
        permission: expect.objectContaining({
          name: 'monitoring.manifests.apply',
          resourceType: 'catalog-entity',
        }),
        resourceRef: 'component:default/payments',
      },
    ]);
    expect(options.credentials.principal).toMatchObject({
      type: 'user',
      userEntityRef: expect.stringMatching(/^user:/),
    });
  });

  it('needs the same permission for a dry run, with or without a cluster', async () => {
    const denied = permissionsWith(AuthorizeResult.DENY);
    await expect(
      clusterAction(denied).handler(contextWith({}, { isDryRun: true })),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      clusterAction(denied).handler(contextWith({ dryRun: true })),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      actionFor([], denied).handler(contextWith({}, { isDryRun: true })),
    ).rejects.toThrow(NotAllowedError);
    expect(server.requests).toEqual([]);
    expect((denied.authorize as jest.Mock).mock.calls).toHaveLength(3);

    const allowed = permissionsWith(AuthorizeResult.ALLOW);
    await clusterAction(allowed).handler(contextWith({}, { isDryRun: true }));
    expect(patches().length).toBe(2);
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
      const refused = action.handler(contextWith({}));
      await expect(refused).rejects.toThrow(NotFoundError);
      await expect(refused).rejects.toThrow(
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

/** Manifests of another service, written like the template's first steps write them. */
function contextFor(
  service: { name: string; namespace: string },
  input: JsonObject,
) {
  const m = generateManifests(parseMonitoredService(service), settings);
  const ctx = createMockActionContext({ input });
  const dir = path.join(ctx.workspacePath, 'monitoring');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'servicemonitor.yaml'),
    toYaml(m.serviceMonitor),
  );
  fs.writeFileSync(
    path.join(dir, 'prometheusrule.yaml'),
    toYaml(m.prometheusRule),
  );
  return ctx;
}

describe('monitoring:kubernetes:apply, one entity’s objects only', () => {
  it('writes the owning entity on every object and applies with that entity’s own field manager', async () => {
    const ctx = contextWith({});
    await clusterAction().handler(ctx);
    expect(outputsOf(ctx)).toMatchObject({
      entityRef: 'component:default/payments',
      fieldManager: 'festivals-monitoring/payments',
    });
    expect(patches().map(p => p.query.fieldManager)).toEqual(
      Array(4).fill('festivals-monitoring/payments'),
    );
    for (const plural of ['servicemonitors', 'prometheusrules']) {
      const stored = server.get(plural, 'shop', 'payments') as any;
      expect(stored.metadata.annotations[OWNER_ANNOTATION]).toBe(
        'component:default/payments',
      );
      expect(stored.metadata.managedFields.map((f: any) => f.manager)).toEqual([
        'festivals-monitoring/payments',
      ]);
    }

    // Another entity (another namespace of the catalog) gets another manager.
    const other = contextFor(
      { name: 'orders', namespace: 'shop' },
      { entityRef: 'component:retail/orders' },
    );
    await clusterAction().handler(other);
    expect(outputsOf(other).fieldManager).toBe(
      'festivals-monitoring/retail.orders',
    );
    expect(
      (server.get('prometheusrules', 'shop', 'orders') as any).metadata
        .managedFields[0].manager,
    ).toBe('festivals-monitoring/retail.orders');
  });

  it('refuses to overwrite objects another entity owns, naming it, even with force', async () => {
    // checkout's objects happen to carry the names payments' template run would write.
    await clusterAction().handler(
      contextWith({ entityRef: 'component:default/checkout' }),
    );
    const before = server.get('prometheusrules', 'shop', 'payments');
    const writes = patches().length;

    for (const force of [false, true]) {
      const refused = clusterAction().handler(contextWith({ force }));
      await expect(refused).rejects.toThrow(NotAllowedError);
      await expect(refused).rejects.toThrow(
        'Refusing to overwrite monitoring objects of another entity:\n' +
          '- ServiceMonitor shop/payments belongs to component:default/checkout (monitoring.festivals.io/owner-entity), not component:default/payments\n' +
          '- PrometheusRule shop/payments belongs to component:default/checkout (monitoring.festivals.io/owner-entity), not component:default/payments\n',
      );
    }
    // Refused after reading, before any apply (not even a dry run).
    expect(patches().length).toBe(writes);
    expect(server.get('prometheusrules', 'shop', 'payments')).toEqual(before);
  });

  it('refuses objects no entity owns unless force adopts them', async () => {
    // Made by hand with kubectl: no ownership annotation.
    await kubectlApply('servicemonitors', manifests.serviceMonitor);
    await expect(clusterAction().handler(contextWith({}))).rejects.toThrow(
      /ServiceMonitor shop\/payments exists but belongs to no entity \(no monitoring\.festivals\.io\/owner-entity annotation.*run again with force: true/,
    );
    expect(server.get('prometheusrules', 'shop', 'payments')).toBeUndefined();

    await clusterAction().handler(contextWith({ force: true }));
    expect(
      (server.get('servicemonitors', 'shop', 'payments') as any).metadata
        .annotations[OWNER_ANNOTATION],
    ).toBe('component:default/payments');
  });

  it('refuses a run for festivals-api by someone else, naming its owner, and leaves its rules alone', async () => {
    const festivalsApi = {
      name: 'festivals-api',
      namespace: 'festivals-production',
    };
    const catalog = catalogServiceMock({
      entities: [component('festivals-api', 'group:default/festivals-team')],
    });
    const config = mockServices.rootConfig({
      data: {
        monitoring: {
          scaffolder: { kubernetes: { clusters: localCluster() } },
        },
      },
    });
    // The owning team applies its rules.
    await createApplyManifestsAction({
      config,
      catalog,
      permissions: permissionsWith(AuthorizeResult.ALLOW),
    }).handler(
      contextFor(festivalsApi, { owner: 'group:default/festivals-team' }),
    );
    const rules = server.get(
      'prometheusrules',
      'festivals-production',
      'festivals-api',
    );

    // Another team fills the form with name=festivals-api and itself as owner.
    const otherTeam = createApplyManifestsAction({
      config,
      catalog,
      permissions: permissionsWith(AuthorizeResult.ALLOW),
    }).handler(contextFor(festivalsApi, { owner: 'group:default/ticketing' }));
    await expect(otherTeam).rejects.toThrow(NotAllowedError);
    await expect(otherTeam).rejects.toThrow(
      'component:default/festivals-api already exists in the catalog, owned by group:default/festivals-team (not group:default/ticketing)',
    );
    // Someone the policy does not allow on festivals-api (e.g. isEntityOwner), whatever owner they type.
    const notAllowed = createApplyManifestsAction({
      config,
      catalog,
      permissions: permissionsWith(AuthorizeResult.DENY),
    }).handler(
      contextFor(festivalsApi, { owner: 'group:default/festivals-team' }),
    );
    await expect(notAllowed).rejects.toThrow(
      /^You may not apply monitoring manifests for component:default\/festivals-api \(owned by group:default\/festivals-team\)/,
    );
    expect(
      server.get('prometheusrules', 'festivals-production', 'festivals-api'),
    ).toEqual(rules);
  });

  it('refuses namespaces outside the cluster’s allowlist before contacting it', async () => {
    const action = actionFor([
      {
        ...localCluster()[0],
        namespaces: ['festivals-production', 'festivals-staging'],
      },
    ]);
    const refused = action.handler(contextWith({}, { isDryRun: true }));
    await expect(refused).rejects.toThrow(NotAllowedError);
    await expect(refused).rejects.toThrow(
      "Namespace not allowed on cluster 'local': ServiceMonitor shop/payments, PrometheusRule shop/payments. Allowed: festivals-production, festivals-staging (monitoring.scaffolder.kubernetes.clusters[].namespaces)",
    );
    expect(server.requests).toEqual([]);

    await actionFor([{ ...localCluster()[0], namespaces: ['shop'] }]).handler(
      contextWith({}),
    );
    expect(server.get('servicemonitors', 'shop', 'payments')).toBeDefined();
  });

  it('treats cluster: "" (an empty form field) as unset and uses defaultCluster', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    const action = actionFor(
      [
        {
          name: 'other',
          url: unreachable,
          serviceAccountToken: TOKEN,
          skipTLSVerify: true,
        },
        { ...localCluster()[0], name: 'main' },
      ],
      permissionsWith(AuthorizeResult.ALLOW),
      { defaultCluster: 'main' },
    );
    const ctx = contextWith({ cluster: '' });
    await action.handler(ctx);
    expect(outputsOf(ctx).cluster).toBe('main');
    expect(server.get('servicemonitors', 'shop', 'payments')).toBeDefined();
  });
});

/**
 * An HTTP(S) server in front of the contract server: passes requests through, or answers some
 * itself the way a real API server does (reference `Status` bodies).
 */
async function startFront(options: {
  tls?: { key: string; cert: string };
  answer?: (
    req: http.IncomingMessage,
  ) => { code: number; body: object } | undefined;
}) {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const own = options.answer?.(req);
    if (own) {
      res.writeHead(own.code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(own.body));
      return;
    }
    const target = new URL(req.url ?? '/', server.url);
    const upstream = http.request(
      target,
      { method: req.method, headers: req.headers },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  };
  const front = options.tls
    ? https.createServer(options.tls, handler)
    : http.createServer(handler);
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        front.closeAllConnections();
        front.close(() => resolve());
      }),
  };
}

const statusBody = (
  code: number,
  reason: string,
  message: string,
  details: object,
) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  details,
  code,
});

describe('monitoring:kubernetes:apply, cluster refusals as Backstage errors', () => {
  it('names a missing namespace as such, not as missing CRDs (404 → NotFoundError)', async () => {
    // What an API server answers to an apply in a namespace that does not exist.
    const front = await startFront({
      answer: req =>
        req.method === 'PATCH'
          ? {
              code: 404,
              body: statusBody(404, 'NotFound', 'namespaces "shop" not found', {
                name: 'shop',
                kind: 'namespaces',
              }),
            }
          : undefined,
    });
    try {
      const action = actionFor([{ ...localCluster()[0], url: front.url }]);
      const refused = action.handler(contextWith({}, { isDryRun: true }));
      await expect(refused).rejects.toThrow(NotFoundError);
      await expect(refused).rejects.toThrow(
        /\(HTTP 404\): NotFound: namespaces "shop" not found\. Next step: the namespace 'shop' does not exist in the cluster: create it \(kubectl create namespace shop\)/,
      );
      await expect(refused).rejects.not.toThrow(/CRD/);
    } finally {
      await front.close();
    }
  });

  it('maps a validation refusal (422 Invalid) to an InputError', async () => {
    const front = await startFront({
      answer: req =>
        req.method === 'PATCH' && req.url?.includes('/servicemonitors/')
          ? {
              code: 422,
              body: statusBody(
                422,
                'Invalid',
                'ServiceMonitor.monitoring.coreos.com "payments" is invalid: spec.endpoints[0].scrapeTimeout: Invalid value: "10s": must not exceed interval',
                {
                  name: 'payments',
                  group: 'monitoring.coreos.com',
                  kind: 'ServiceMonitor',
                  causes: [
                    {
                      reason: 'FieldValueInvalid',
                      message: 'Invalid value: "10s": must not exceed interval',
                      field: 'spec.endpoints[0].scrapeTimeout',
                    },
                  ],
                },
              ),
            }
          : undefined,
    });
    try {
      const action = actionFor([{ ...localCluster()[0], url: front.url }]);
      const refused = action.handler(contextWith({}));
      await expect(refused).rejects.toThrow(InputError);
      await expect(refused).rejects.toThrow(
        /\(HTTP 422\): Invalid: .*scrapeTimeout.*Next step: the cluster’s validation refused the manifest/,
      );
      expect(server.get('prometheusrules', 'shop', 'payments')).toBeUndefined();
    } finally {
      await front.close();
    }
  });

  describe('a cluster with a self-signed certificate', () => {
    let dir: string;
    let tls: { key: string; cert: string };
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=kubernetes',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      tls = {
        key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
        cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      };
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('names the TLS problem and the config keys without caData, and works with it', async () => {
      const front = await startFront({ tls });
      try {
        const cluster = {
          name: 'secure',
          url: front.url,
          serviceAccountToken: TOKEN,
        };
        await expect(
          actionFor([cluster]).handler(contextWith({})),
        ).rejects.toThrow(
          /Kubernetes API of cluster 'secure' at https:\/\/127\.0\.0\.1:\d+: TLS verification of the API server's certificate failed \(DEPTH_ZERO_SELF_SIGNED_CERT\).*caData \(base64 PEM\) or caFile/,
        );
        expect(server.requests).toEqual([]);

        await actionFor([
          { ...cluster, caData: Buffer.from(tls.cert).toString('base64') },
        ]).handler(contextWith({}));
        expect(server.get('servicemonitors', 'shop', 'payments')).toBeDefined();

        await actionFor([
          { ...cluster, caFile: path.join(dir, 'cert.pem') },
        ]).handler(contextWith({}));
      } finally {
        await front.close();
      }
    });
  });
});
