import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { alertScopeMatchers } from '@internal/plugin-monitoring-common';
import { monitoredComponent } from '@internal/test-kit';
import request from 'supertest';
import {
  FakeUpstreams,
  monitoringConfig,
  startFakeUpstreams,
  startMonitoringBackend,
  UPSTREAM_MARKER,
} from '../__testUtils__/fakeUpstreams';

// Every route of the plugin × every kind of caller → the status the route contract promises,
// and for every refused caller: no upstream data in the body and no upstream call at all (so no
// silence created or expired). Data-driven: a new route is one row in ROUTES.

jest.setTimeout(120_000);

const ENTITY_REF = 'component:default/matrix-authz-svc';
/** A scope of its own (unique job) with the required namespace annotation. */
const entity = monitoredComponent({
  name: 'matrix-authz-svc',
  job: 'matrix-authz-job',
  namespace: 'matrix-authz-ns',
  owner: 'group:default/matrix-team',
  annotations: {
    'backstage.io/kubernetes-id': 'matrix-authz-svc',
    'backstage.io/kubernetes-namespace': 'matrix-authz-ns',
  },
});

type Caller = 'none' | 'service' | 'stranger' | 'reader' | 'owner';
const CALLERS: Caller[] = ['none', 'service', 'stranger', 'reader', 'owner'];

/** The permission policy standing in for the catalog's and the product's. */
function decide(user: string | undefined, permission: string) {
  if (user === 'user:default/owner') return AuthorizeResult.ALLOW;
  if (user === 'user:default/reader') {
    return permission === 'catalog.entity.read'
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  }
  // The stranger may read nothing of this entity (a catalog policy hiding it).
  return AuthorizeResult.DENY;
}

const permissionsMock = mockServices.permissions.mock({
  authorize: (async (requests: any[], options: any) =>
    requests.map(r => ({
      result: decide(
        options?.credentials?.principal?.userEntityRef,
        r.permission.name,
      ),
    }))) as any,
  authorizeConditional: (async (requests: any[], options: any) =>
    requests.map(r => ({
      result: decide(
        options?.credentials?.principal?.userEntityRef,
        r.permission.name,
      ),
    })) as PolicyDecision[]) as any,
});

function authHeader(caller: Caller): string | undefined {
  switch (caller) {
    case 'none':
      return undefined;
    case 'service':
      return mockCredentials.service.header();
    default:
      return mockCredentials.user.header(`user:default/${caller}`);
  }
}

const now = Math.floor(Date.now() / 1000);
/** How long a refused request is watched for late upstream calls. */
const QUIET_MS = 300;
const SILENCE_ID = '6b1f5c55-8a63-4c0e-9c3c-1d2e3f4a5b6c';

interface Route {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Which caller gets which status: the route contract. */
  expect: Record<Caller, number>;
  /**
   * Calls started while the user's catalog permission is still being asked (a page load costs
   * max(permission, lookup), see EntityAccess.resolveWhile): a user who may not read the entity
   * may cause these (metadata lookups, answering nothing to them), and no other call.
   */
  prefetches?: RegExp;
}

/** Reads that need only catalog read on the entity. */
const readOnly = {
  none: 401,
  service: 403,
  stranger: 404,
  reader: 200,
  owner: 200,
};
/** Routes that also need a monitoring permission on the entity. */
const permissioned = (ok: number) => ({
  none: 401,
  service: 403,
  stranger: 404,
  reader: 403,
  owner: ok,
});

const ROUTES: Route[] = [
  {
    name: 'panels',
    method: 'get',
    path: '/panels',
    query: { entityRef: ENTITY_REF, start: now - 3600, end: now },
    expect: readOnly,
    prefetches: /^GET \/api\/v1\/targets\b/,
  },
  {
    name: 'health',
    method: 'get',
    path: '/health',
    query: { entityRef: ENTITY_REF },
    expect: readOnly,
    prefetches: /^GET \/api\/v1\/targets\b/,
  },
  {
    name: 'alerts',
    method: 'get',
    path: '/alerts',
    query: { entityRef: ENTITY_REF },
    expect: readOnly,
  },
  {
    name: 'rules',
    method: 'get',
    path: '/rules',
    query: { entityRef: ENTITY_REF },
    expect: readOnly,
  },
  {
    name: 'silences (list)',
    method: 'get',
    path: '/silences',
    query: { entityRef: ENTITY_REF },
    expect: readOnly,
  },
  {
    name: 'silences (create)',
    method: 'post',
    path: '/silences',
    body: {
      entityRef: ENTITY_REF,
      matchers: alertScopeMatchers(entity),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      comment: 'matrix',
    },
    expect: permissioned(201),
  },
  {
    name: 'silences (expire)',
    method: 'delete',
    path: `/silences/${SILENCE_ID}`,
    query: { entityRef: ENTITY_REF },
    expect: permissioned(204),
  },
  {
    name: 'logs',
    method: 'get',
    path: '/logs',
    query: { entityRef: ENTITY_REF, view: 'all', start: now - 3600, end: now },
    expect: permissioned(200),
  },
  {
    name: 'logs/volume',
    method: 'get',
    path: '/logs/volume',
    query: { entityRef: ENTITY_REF, view: 'all', start: now - 3600, end: now },
    expect: permissioned(200),
  },
  {
    name: 'diagnostics',
    method: 'get',
    path: '/diagnostics',
    query: { entityRef: ENTITY_REF, step: 'pods' },
    expect: permissioned(200),
  },
  {
    name: 'metrics (own, unauthenticated for Prometheus)',
    method: 'get',
    path: '/metrics',
    expect: { none: 200, service: 200, stranger: 200, reader: 200, owner: 200 },
  },
];

const CASES = ROUTES.flatMap(route =>
  CALLERS.map((caller, i) => ({
    route: withRange(route, i),
    caller,
    status: route.expect[caller],
    label: `${route.method.toUpperCase()} ${route.path} [${
      route.name
    }] as ${caller} → ${route.expect[caller]}`,
  })),
);

/** A range of its own per caller: the query cache must not answer for an earlier caller. */
function withRange(route: Route, i: number): Route {
  if (!route.query || !('start' in route.query)) return route;
  return {
    ...route,
    query: { ...route.query, start: now - 3600 - i * 600, end: now - i * 600 },
  };
}

let upstreams: FakeUpstreams;
let backend: Awaited<ReturnType<typeof startMonitoringBackend>>;
let passed = 0;

beforeAll(async () => {
  upstreams = await startFakeUpstreams({
    silenceMatchers: alertScopeMatchers(entity),
  });
  backend = await startMonitoringBackend({
    entities: [entity],
    config: monitoringConfig({
      prometheus: upstreams.prometheus.url,
      alertmanager: upstreams.alertmanager.url,
      loki: upstreams.loki.url,
      kubernetes: upstreams.kubernetes.url,
    }),
    extra: [
      permissionsMock.factory,
      // Without this the test backend treats a request without a token as a default user.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await upstreams?.close();
  process.stdout.write(
    `\nauthorization matrix: ${passed}/${CASES.length} passed\n`,
  );
});

describe('authorization matrix: route × caller', () => {
  it.each(CASES)('$label', async ({ route, caller, status }) => {
    const before = upstreams.all().map(u => u.requests.length);
    let req = request(backend.server)[route.method](
      `/api/monitoring${route.path}`,
    );
    const header = authHeader(caller);
    if (header) req = req.set('Authorization', header);
    if (route.query) req = req.query(route.query);
    if (route.body) req = req.send(route.body as object);
    const res = await req;

    // What reached each upstream from this request, including calls arriving after the answer.
    const refused = status >= 400;
    if (refused) await new Promise(r => setTimeout(r, QUIET_MS));
    const calls = upstreams
      .all()
      .flatMap((u, i) =>
        u.requests.slice(before[i]).map(r => `${u.kind} ${r.method} ${r.url}`),
      );
    const prefetch = route.prefetches;
    const observed = {
      status: res.status,
      // A refusal carries nothing but the error (and the request echo).
      bodyKeys: refused
        ? Object.keys(res.body).filter(k => k !== 'request' && k !== 'response')
        : 'answer',
      upstreamValueInBody: refused && res.text.includes(UPSTREAM_MARKER),
      // No upstream call for a refused caller (so no silence written, no query run), bar the
      // route's declared metadata lookups started alongside the permission check.
      callsWhileRefused: refused
        ? calls.filter(c => !prefetch?.test(c.replace(/^\w+ /, '')))
        : [],
      // The allowed caller's answer really came from the upstreams (the row can fail).
      reachedUpstream: refused || route.path === '/metrics' || calls.length > 0,
    };
    expect(observed).toEqual({
      status,
      bodyKeys: refused ? ['error'] : 'answer',
      upstreamValueInBody: false,
      callsWhileRefused: [],
      reachedUpstream: true,
    });
    passed++;
  });

  it('the owner created and expired exactly one silence, nobody else wrote anything', () => {
    const writes = upstreams.alertmanager.requests.filter(
      r => r.method !== 'GET',
    );
    expect(writes.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v2/silences',
      `DELETE /api/v2/silence/${SILENCE_ID}`,
    ]);
    expect(JSON.parse(writes[0].body).createdBy).toBe('user:default/owner');
  });
});
