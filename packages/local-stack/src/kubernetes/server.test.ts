import fs from 'node:fs';
import { CONTAINER_LIMITS, simulatedPods } from '../clusterMetrics.ts';
import { NAMESPACE, pinClock, startFixture } from './standInFixture.ts';

// Real HTTP servers per test on a loaded 2-core machine: give them room.
jest.setTimeout(30_000);

const WORKLOADS = [
  { service: 'festivals-api', restartsPerMinute: 3, memoryRatio: 0.95 },
  { service: 'festivals-worker', replicas: 1 },
];
const TOKEN = 'reader-token';
const auth = { Authorization: `Bearer ${TOKEN}` };

let fixture: Awaited<ReturnType<typeof startFixture>>;
let clock: ReturnType<typeof pinClock>;

beforeEach(async () => {
  clock = pinClock();
  const t = (s: number) => new Date(clock.now() + s * 1000).toISOString();
  fixture = await startFixture(WORKLOADS, {
    token: TOKEN,
    apiLogLines: [
      JSON.stringify({ time: t(-600), level: 'info', msg: 'old line' }),
      JSON.stringify({ time: t(-20), level: 'warn', msg: 'heap 80%' }),
      JSON.stringify({ time: t(-10), level: 'error', msg: 'memory 95%' }),
    ],
  });
});
afterEach(async () => {
  await fixture.close();
  jest.useRealTimers();
});

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${fixture.api.url}${path}`, {
    ...init,
    headers: { ...auth, ...(init.headers as object) },
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    text,
    json: type.startsWith('application/json') ? JSON.parse(text) : undefined,
  };
}

const ns = `/api/v1/namespaces/${NAMESPACE}`;
const apiPods = simulatedPods(NAMESPACE, WORKLOADS[0]);
const workerPods = simulatedPods(NAMESPACE, WORKLOADS[1]);

describe('the Kubernetes API stand-in over HTTP', () => {
  it('answers discovery as the API server does', async () => {
    expect((await get('/api')).json).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const core = (await get('/api/v1')).json;
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const names = core.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/log',
        'events',
        'services',
        'namespaces',
      ]),
    );
    const groups = (await get('/apis')).json;
    expect(groups.kind).toBe('APIGroupList');
    expect(
      Object.fromEntries(
        groups.groups.map((g: any) => [
          g.name,
          g.preferredVersion.groupVersion,
        ]),
      ),
    ).toMatchObject({
      apps: 'apps/v1',
      autoscaling: 'autoscaling/v2',
      'metrics.k8s.io': 'metrics.k8s.io/v1beta1',
    });
    expect(
      (await get('/apis/apps/v1')).json.resources.map((r: any) => r.kind),
    ).toEqual(expect.arrayContaining(['Deployment', 'ReplicaSet']));
    expect((await get('/apis/autoscaling/v2')).json.groupVersion).toBe(
      'autoscaling/v2',
    );
    expect(
      (await get('/apis/metrics.k8s.io/v1beta1')).json.resources[0],
    ).toMatchObject({
      name: 'pods',
      kind: 'PodMetrics',
      namespaced: true,
    });
    expect((await get('/version')).json).toMatchObject({
      major: '1',
      gitVersion: expect.stringMatching(/^v1\./),
    });
  });

  it("lists the cluster stand-in's pods with list metadata, items without kind, and a get with it", async () => {
    const list = await get(`${ns}/pods`);
    expect(list.status).toBe(200);
    expect(list.json.kind).toBe('PodList');
    expect(list.json.apiVersion).toBe('v1');
    expect(list.json.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.json.items.map((p: any) => p.metadata.name).sort()).toEqual(
      [...apiPods, ...workerPods].map(p => p.pod).sort(),
    );
    expect(list.json.items[0].kind).toBeUndefined();
    const [first] = apiPods;
    const one = (await get(`${ns}/pods/${first.pod}`)).json;
    expect(one).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: first.pod,
        namespace: NAMESPACE,
        uid: first.uid,
        labels: {
          'app.kubernetes.io/name': 'festivals-api',
          'backstage.io/kubernetes-id': 'festivals-api',
        },
        ownerReferences: [{ kind: 'ReplicaSet', controller: true }],
      },
      status: { phase: 'Running' },
    });
    expect(one.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    const [container] = one.spec.containers;
    expect(container.resources.limits).toEqual({
      cpu: `${CONTAINER_LIMITS.cpuCores * 1000}m`,
      memory: `${CONTAINER_LIMITS.memoryBytes / 1024 ** 2}Mi`,
    });
    // Env var names only: no literal values anywhere.
    expect(container.env.map((e: any) => e.name)).toContain('DATABASE_URL');
    expect(container.env.some((e: any) => 'value' in e)).toBe(false);
  });

  it('keeps resourceVersions still while nothing changes and moves them on a restart', async () => {
    const before = (await get(`${ns}/pods/${apiPods[0].pod}`)).json.metadata
      .resourceVersion;
    const worker = (await get(`${ns}/pods/${workerPods[0].pod}`)).json.metadata
      .resourceVersion;
    expect(
      (await get(`${ns}/pods/${apiPods[0].pod}`)).json.metadata.resourceVersion,
    ).toBe(before);
    clock.advance(60_000);
    const after = (await get(`${ns}/pods/${apiPods[0].pod}`)).json;
    expect(after.status.containerStatuses[0].restartCount).toBe(3);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(
      Number(before),
    );
    expect(
      (await get(`${ns}/pods/${workerPods[0].pod}`)).json.metadata
        .resourceVersion,
    ).toBe(worker);
  });

  it('pages a list with limit and continue', async () => {
    const page1 = (await get(`/api/v1/pods?limit=2`)).json;
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.remainingItemCount).toBe(1);
    const page2 = (
      await get(
        `/api/v1/pods?limit=2&continue=${encodeURIComponent(
          page1.metadata.continue,
        )}`,
      )
    ).json;
    expect(page2.items).toHaveLength(1);
    expect(page2.metadata.continue).toBeUndefined();
    const names = [...page1.items, ...page2.items].map(
      (p: any) => p.metadata.name,
    );
    expect(new Set(names).size).toBe(3);
    const bad = await get('/api/v1/pods?limit=2&continue=garbage');
    expect(bad.status).toBe(400);
    expect(bad.json.reason).toBe('BadRequest');
  });

  it('filters with label and field selectors', async () => {
    const names = async (path: string) =>
      (await get(path)).json.items.map((o: any) => o.metadata.name).sort();
    expect(
      await names(
        `${ns}/pods?labelSelector=${encodeURIComponent(
          'app.kubernetes.io/name=festivals-worker',
        )}`,
      ),
    ).toEqual([workerPods[0].pod]);
    expect(
      await names(
        `${ns}/pods?labelSelector=${encodeURIComponent(
          'app.kubernetes.io/name notin (festivals-worker)',
        )}`,
      ),
    ).toEqual(apiPods.map(p => p.pod).sort());
    expect(
      await names(
        `${ns}/pods?labelSelector=${encodeURIComponent(
          '!backstage.io/kubernetes-id',
        )}`,
      ),
    ).toEqual([]);
    expect(
      await names(
        `${ns}/pods?fieldSelector=${encodeURIComponent(
          `metadata.name=${apiPods[1].pod}`,
        )}`,
      ),
    ).toEqual([apiPods[1].pod]);
    expect(
      await names(`/api/v1/pods?fieldSelector=status.phase%3DPending`),
    ).toEqual([]);
    expect(
      await names(
        `/api/v1/pods?fieldSelector=${encodeURIComponent(
          'metadata.namespace!=festivals-production',
        )}`,
      ),
    ).toEqual([]);
    expect(await names(`/api/v1/namespaces/other/pods`)).toEqual([]);
  });

  it('records events on restarts: OOMKilling and BackOff with counts, filterable by involved object', async () => {
    clock.advance(60_000);
    const pod = apiPods[0].pod;
    const events = (
      await get(
        `${ns}/events?fieldSelector=${encodeURIComponent(
          `involvedObject.name=${pod},involvedObject.kind=Pod`,
        )}`,
      )
    ).json;
    expect(events.kind).toBe('EventList');
    const byReason = Object.fromEntries(
      events.items.map((e: any) => [e.reason, e]),
    );
    expect(Object.keys(byReason).sort()).toEqual([
      'BackOff',
      'Created',
      'OOMKilling',
      'Pulled',
      'Scheduled',
      'Started',
    ]);
    expect(byReason.BackOff).toMatchObject({
      type: 'Warning',
      count: 3,
      involvedObject: {
        kind: 'Pod',
        name: pod,
        namespace: NAMESPACE,
        uid: apiPods[0].uid,
      },
    });
    expect(byReason.Started.count).toBe(4);
    expect(Date.parse(byReason.BackOff.lastTimestamp)).toBe(clock.now());
    expect(Date.parse(byReason.Scheduled.firstTimestamp)).toBe(
      clock.now() - 60_000,
    );
    const warnings = (await get(`${ns}/events?fieldSelector=type%3DWarning`))
      .json.items;
    expect(new Set(warnings.map((e: any) => e.involvedObject.name))).toEqual(
      new Set(apiPods.map(p => p.pod)),
    );
  });

  it("serves pod logs as text: the workload's lines for the first pod, tailLines, limitBytes, sinceSeconds", async () => {
    const log = `${ns}/pods/${apiPods[0].pod}/log`;
    const all = await get(log);
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^text\/plain/);
    expect(
      all.text
        .trimEnd()
        .split('\n')
        .map(l => JSON.parse(l).msg),
    ).toEqual(['old line', 'heap 80%', 'memory 95%']);
    expect((await get(`${log}?tailLines=1`)).text).toBe(
      `${fs.readFileSync(fixture.logFile, 'utf8').trimEnd().split('\n')[2]}\n`,
    );
    expect((await get(`${log}?limitBytes=5`)).text).toBe('{"tim');
    expect(
      (await get(`${log}?sinceSeconds=60`)).text.trimEnd().split('\n'),
    ).toHaveLength(2);
    expect(
      (await get(`${log}?container=festivals-api&timestamps=true&tailLines=1`))
        .text,
    ).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \{/);
    // Other replicas print their start-up lines.
    const other = await get(`${ns}/pods/${apiPods[1].pod}/log`);
    expect(other.text).toContain('Server listening');
  });

  it('serves the lines of the instance before the last restart with previous=true', async () => {
    const log = `${ns}/pods/${apiPods[0].pod}/log`;
    clock.advance(60_000);
    // The restart is seen now; the new instance writes after it.
    expect((await get(log)).text).toBe('');
    const line = JSON.stringify({
      time: new Date(clock.now() + 1000).toISOString(),
      level: 'info',
      msg: 'after restart',
    });
    fs.appendFileSync(fixture.logFile, `${line}\n`);
    expect((await get(log)).text).toBe(`${line}\n`);
    const previous = await get(`${log}?previous=true`);
    expect(
      previous.text
        .trimEnd()
        .split('\n')
        .map(l => JSON.parse(l).msg),
    ).toEqual(['old line', 'heap 80%', 'memory 95%']);
  });

  it('refuses bad log requests with Status bodies', async () => {
    const log = `${ns}/pods/${workerPods[0].pod}/log`;
    const previous = await get(`${log}?previous=true`);
    expect(previous.status).toBe(400);
    expect(previous.json.message).toBe(
      `previous terminated container "festivals-worker" in pod "${workerPods[0].pod}" not found`,
    );
    expect((await get(`${log}?container=nope`)).json).toMatchObject({
      code: 400,
      reason: 'BadRequest',
    });
    expect((await get(`${log}?tailLines=-1`)).json).toMatchObject({
      code: 422,
      reason: 'Invalid',
    });
    expect((await get(`${log}?tailLines=ten`)).json).toMatchObject({
      code: 400,
      reason: 'BadRequest',
    });
    expect((await get(`${ns}/pods/nope/log`)).json).toMatchObject({
      code: 404,
      reason: 'NotFound',
    });
  });

  it('answers errors as Status objects: 401, 403 for Secrets, 404, 400, 405', async () => {
    const unauthenticated = await get(`${ns}/pods`, {
      headers: { Authorization: 'Bearer wrong' },
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });

    for (const path of [
      `${ns}/secrets`,
      `${ns}/secrets/festivals-db`,
      '/api/v1/secrets',
    ]) {
      const secrets = await get(path);
      expect(secrets.status).toBe(403);
      expect(secrets.json).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        details: { kind: 'secrets' },
      });
      expect(secrets.json.message).toMatch(
        /^secrets( "festivals-db")? is forbidden: User ".+" cannot (get|list) resource "secrets" in API group ""/,
      );
    }

    const missing = await get(`${ns}/pods/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    const missingDeployment = await get(
      `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/nope`,
    );
    expect(missingDeployment.json).toMatchObject({
      message: 'deployments.apps "nope" not found',
      details: { group: 'apps' },
    });
    for (const path of [
      '/api/v1/widgets',
      '/apis/nope.io/v1/things',
      '/healthz',
      `${ns}/pods/x/exec`,
    ])
      expect((await get(path)).json).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        code: 404,
      });

    const badSelector = await get(
      `${ns}/pods?labelSelector=${encodeURIComponent('tier in (a')}`,
    );
    expect(badSelector.status).toBe(400);
    expect(badSelector.json).toMatchObject({ reason: 'BadRequest', code: 400 });
    const badField = await get(`${ns}/events?fieldSelector=spec.foo%3Dx`);
    expect(badField.status).toBe(400);
    expect(badField.json.message).toBe('field label not supported: spec.foo');

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const write = await get(
        `${ns}/pods${method === 'POST' ? '' : `/${apiPods[0].pod}`}`,
        {
          method,
          body: method === 'DELETE' ? undefined : '{}',
          headers: { 'Content-Type': 'application/json' },
        },
      );
      expect(write.status).toBe(405);
      expect(write.json).toMatchObject({
        kind: 'Status',
        reason: 'MethodNotAllowed',
        code: 405,
      });
    }
    // The stand-in still serves after refusing writes.
    expect((await get(`${ns}/pods`)).status).toBe(200);
  });
});
