import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SilenceMatcher } from '@internal/plugin-monitoring-common';
import {
  KubernetesClient,
  kubernetesClientServiceRef,
} from '@internal/plugin-monitoring-node';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { monitoringPlugin } from '../plugin';

// Test-only upstreams for the matrix suites: one small HTTP server per upstream kind answering
// the minimal valid body of each endpoint the backend calls, or — switched per case — one of
// the faults a real upstream shows, in that upstream's own documented error shape. Every
// request and every open connection is counted, so a suite can prove "no upstream call" and
// "no socket left open".

export type UpstreamKind =
  | 'prometheus'
  | 'alertmanager'
  | 'loki'
  | 'kubernetes';

export type Fault =
  | 'ok'
  | 'hang'
  | '500'
  | '503'
  | '429'
  | 'documented-4xx'
  | 'malformed-json'
  | 'truncated'
  | 'slow'
  /** 401 whose body repeats the request's credentials, as some proxies do. */
  | 'reflect-credentials-401'
  /** The same in a 400 and a 500, whose bodies the backend quotes in its messages. */
  | 'reflect-credentials-400'
  | 'reflect-credentials-500';

/** A value in every upstream answer: present in a body means upstream data reached it. */
export const UPSTREAM_MARKER = 'upstream-data-6f1c2a';

export interface FakeUpstream {
  kind: UpstreamKind;
  url: string;
  /** Method and URL of every request received, in order. */
  requests: Array<{
    method: string;
    url: string;
    body: string;
    headers: http.IncomingHttpHeaders;
  }>;
  fault: Fault;
  /** Delay of the `slow` fault. */
  slowMs: number;
  /** Connections currently open to this server. */
  openConnections(): number;
  /** Stops listening (connections are refused) until {@link FakeUpstream.accept}. */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

function okPrometheus(url: URL): unknown {
  const p = url.pathname;
  if (p.endsWith('/query_range')) {
    return {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { marker: UPSTREAM_MARKER },
            values: [[Math.floor(Date.now() / 1000), '1']],
          },
        ],
      },
    };
  }
  if (p.endsWith('/query')) {
    return {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { marker: UPSTREAM_MARKER },
            value: [Math.floor(Date.now() / 1000), '1'],
          },
        ],
      },
    };
  }
  if (p.endsWith('/rules')) return { status: 'success', data: { groups: [] } };
  if (p.endsWith('/targets')) {
    return {
      status: 'success',
      data: { activeTargets: [], droppedTargets: [] },
    };
  }
  return { status: 'success', data: {} };
}

function okAlertmanager(
  method: string,
  url: URL,
  silenceMatchers: SilenceMatcher[],
): { status: number; body?: unknown } {
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 3600_000).toISOString();
  if (url.pathname === '/api/v2/alerts') {
    return {
      status: 200,
      body: [
        {
          fingerprint: 'f1',
          labels: { alertname: UPSTREAM_MARKER },
          annotations: {},
          startsAt: now,
          updatedAt: now,
          endsAt: later,
          receivers: [{ name: 'r' }],
          status: { state: 'active', silencedBy: [], inhibitedBy: [] },
        },
      ],
    };
  }
  if (url.pathname === '/api/v2/silences' && method === 'POST') {
    return { status: 200, body: { silenceID: 'created-silence' } };
  }
  if (url.pathname === '/api/v2/silences') return { status: 200, body: [] };
  if (url.pathname.startsWith('/api/v2/silence/')) {
    if (method === 'DELETE') return { status: 200 };
    return {
      status: 200,
      body: {
        id: url.pathname.split('/').pop(),
        matchers: silenceMatchers,
        startsAt: now,
        endsAt: later,
        updatedAt: now,
        createdBy: 'user:default/owner',
        comment: UPSTREAM_MARKER,
        status: { state: 'active' },
      },
    };
  }
  return { status: 404, body: 'not found' };
}

function okLoki(url: URL): unknown {
  if (url.pathname.includes('/label/')) {
    return { status: 'success', data: ['info', 'error'] };
  }
  const query = url.searchParams.get('query') ?? '';
  // A metric query (volume bars, the error count) answers a matrix, a log query streams.
  if (/^\s*(sum|count_over_time|rate|topk)\b/.test(query)) {
    return {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { level: 'info' },
            values: [[Math.floor(Date.now() / 1000), '1']],
          },
        ],
      },
    };
  }
  return {
    status: 'success',
    data: {
      resultType: 'streams',
      result: [
        {
          stream: { app: 'x' },
          values: [
            [`${Date.now()}000000`, JSON.stringify({ msg: UPSTREAM_MARKER })],
          ],
        },
      ],
      stats: {},
    },
  };
}

function okKubernetes(): unknown {
  return {
    kind: 'List',
    apiVersion: 'v1',
    metadata: { resourceVersion: '1' },
    items: [],
  };
}

/** Each upstream's own documented error answer for a request it refuses. */
function documented4xx(kind: UpstreamKind, res: http.ServerResponse) {
  switch (kind) {
    case 'prometheus':
      // HTTP API: 400 bad_data with `{status, errorType, error}`.
      return json(res, 400, {
        status: 'error',
        errorType: 'bad_data',
        error: 'invalid parameter "query": 1:1: parse error: unexpected "}"',
      });
    case 'alertmanager':
      // API v2 OpenAPI: 400 with a JSON string body.
      return json(res, 400, 'bad matcher format: }');
    case 'loki':
      // Loki answers client errors in text/plain.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(
        'parse error at line 1, col 1: syntax error: unexpected IDENTIFIER',
      );
    default:
      // Kubernetes: a `Status` object.
      return json(res, 403, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'pods is forbidden: User "system:serviceaccount:monitoring:reader" cannot list resource "pods" in API group "" in the namespace "matrix-ns"',
        reason: 'Forbidden',
        details: { kind: 'pods' },
        code: 403,
      });
  }
}

export async function startFakeUpstream(
  kind: UpstreamKind,
  options: { silenceMatchers?: SilenceMatcher[] } = {},
): Promise<FakeUpstream> {
  const requests: FakeUpstream['requests'] = [];
  const sockets = new Set<net.Socket>();
  const hung = new Set<http.ServerResponse>();

  function answerOk(method: string, url: URL, res: http.ServerResponse) {
    if (kind === 'prometheus') return json(res, 200, okPrometheus(url));
    if (kind === 'loki') return json(res, 200, okLoki(url));
    if (kind === 'kubernetes') return json(res, 200, okKubernetes());
    const answer = okAlertmanager(method, url, options.silenceMatchers ?? []);
    if (answer.body === undefined) {
      res.writeHead(answer.status);
      return res.end();
    }
    return json(res, answer.status, answer.body);
  }

  // Filled in below; `close` only runs once it is.
  const listener: { server?: http.Server } = {};
  const fake: FakeUpstream = {
    kind,
    url: '',
    requests,
    fault: 'ok',
    slowMs: 300,
    openConnections: () => sockets.size,
    refuse: async () => {
      // Not listening from here on (the 'close' event itself waits for every socket to end).
      listener.server?.close();
      listener.server?.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      // The listening handle closes asynchronously: wait until a connection is really refused.
      const port = Number(new URL(fake.url).port);
      for (;;) {
        const refused = await new Promise<boolean>(resolve => {
          const probe = net.connect(port, '127.0.0.1');
          probe.once('connect', () => {
            probe.destroy();
            resolve(false);
          });
          probe.once('error', () => resolve(true));
        });
        if (refused) return;
        await new Promise(r => setTimeout(r, 20));
      }
    },
    accept: () =>
      new Promise<void>(resolve => {
        listener.server?.listen(
          Number(new URL(fake.url).port),
          '127.0.0.1',
          () => resolve(),
        );
      }),
    close: () =>
      new Promise<void>(resolve => {
        for (const res of hung) res.destroy();
        const server = listener.server;
        server?.closeAllConnections();
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
  const server = http.createServer(async (req, res) => {
    // Recorded on arrival (the body is filled in once read): a call counts from when it starts.
    const method = req.method ?? 'GET';
    const received = {
      method,
      url: req.url ?? '/',
      body: '',
      headers: req.headers,
    };
    requests.push(received);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://upstream');
    switch (fake.fault) {
      case 'ok':
        return answerOk(method, url, res);
      case 'slow':
        await new Promise(r => setTimeout(r, fake.slowMs));
        return answerOk(method, url, res);
      case 'hang':
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return undefined;
      case '500':
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        return res.end('internal server error');
      case '503':
        res.writeHead(503, { 'Content-Type': 'text/plain' });
        return res.end('service unavailable');
      case '429':
        res.writeHead(429, {
          'Content-Type': 'text/plain',
          'Retry-After': '7',
        });
        return res.end('too many requests');
      case 'documented-4xx':
        return documented4xx(kind, res);
      case 'reflect-credentials-401':
      case 'reflect-credentials-400':
      case 'reflect-credentials-500':
        res.writeHead(Number(fake.fault.slice(-3)), {
          'Content-Type': 'text/plain',
        });
        return res.end(
          `unauthorized: ${JSON.stringify({
            authorization: req.headers.authorization,
            tenant: req.headers['x-scope-orgid'],
            headers: req.headers,
          })}`,
        );
      case 'malformed-json':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"status":"success","data":<html>oops</html>');
      case 'truncated': {
        const full = JSON.stringify(
          kind === 'prometheus' ? okPrometheus(url) : okKubernetes(),
        );
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(full.length * 2),
        });
        res.write(full.slice(0, Math.floor(full.length / 2)));
        // The connection drops mid-body.
        setTimeout(() => res.socket?.destroy(), 20);
        return undefined;
      }
      default:
        return undefined;
    }
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  listener.server = server;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  return fake;
}

export interface FakeUpstreams {
  prometheus: FakeUpstream;
  alertmanager: FakeUpstream;
  loki: FakeUpstream;
  kubernetes: FakeUpstream;
  all(): FakeUpstream[];
  /** Requests received by all four so far. */
  requestCount(): number;
  close(): Promise<void>;
}

export async function startFakeUpstreams(
  options: { silenceMatchers?: SilenceMatcher[] } = {},
): Promise<FakeUpstreams> {
  const [prometheus, alertmanager, loki, kubernetes] = await Promise.all([
    startFakeUpstream('prometheus'),
    startFakeUpstream('alertmanager', options),
    startFakeUpstream('loki'),
    startFakeUpstream('kubernetes'),
  ]);
  const all = () => [prometheus, alertmanager, loki, kubernetes];
  return {
    prometheus,
    alertmanager,
    loki,
    kubernetes,
    all,
    requestCount: () => all().reduce((n, u) => n + u.requests.length, 0),
    close: async () => {
      await Promise.all(all().map(u => u.close()));
    },
  };
}

/** The monitoring config pointing every upstream at `urls`, with short timeouts. */
export function monitoringConfig(
  urls: Record<UpstreamKind, string>,
  options: {
    timeout?: string;
    /** Extra config keys merged under `monitoring.<kind>.instances[0]`. */
    instanceExtras?: Partial<Record<UpstreamKind, JsonObject>>;
    kubernetesToken?: string;
  } = {},
): JsonObject {
  const timeout = options.timeout ?? '1500ms';
  const instance = (kind: UpstreamKind) => [
    {
      name: 'main',
      baseUrl: urls[kind],
      timeout,
      ...options.instanceExtras?.[kind],
    },
  ];
  return {
    monitoring: {
      prometheus: { instances: instance('prometheus') },
      alertmanager: { instances: instance('alertmanager') },
      loki: { instances: instance('loki') },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'main',
              url: urls.kubernetes,
              authProvider: 'serviceAccount',
              serviceAccountToken: options.kubernetesToken ?? 'reader-token',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  };
}

/** The monitoring backend plugin over the given catalog and config; Kubernetes with a short timeout. */
export async function startMonitoringBackend(options: {
  entities: Entity[];
  config: JsonObject;
  kubernetesTimeoutMs?: number;
  extra?: any[];
}) {
  return startTestBackend({
    features: [
      monitoringPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({ data: options.config }),
      createServiceFactory({
        service: kubernetesClientServiceRef,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) =>
          KubernetesClient.create({
            config,
            timeoutMs: options.kubernetesTimeoutMs ?? 1500,
          }),
      }),
      ...(options.extra ?? []),
    ],
  });
}

/** Polls `check` until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 50));
  }
  return true;
}
