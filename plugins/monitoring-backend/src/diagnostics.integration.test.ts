import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  simulatedPods,
  startKubernetesStandIn,
  startStack,
  waitForPrometheusValue,
  type KubernetesStandInOptions,
  type RunningKubernetesStandIn,
  type RunningStack,
} from '@internal/local-stack';
import type {
  DiagnosticKind,
  DiagnosticResult,
  DiagnosticsResponse,
} from '@internal/plugin-monitoring-common';
import { closedPort, monitoredComponent } from '@internal/test-kit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { monitoringPlugin } from './plugin';

// The runbooks' diagnostics through @kubernetes/client-node over HTTP against the Kubernetes API
// stand-in (reading the cluster stand-in's pods), with a real Prometheus and the Loki stand-in.
jest.setTimeout(180_000);

const NAMESPACE = 'festivals-production';
const API = 'component:default/festivals-api';
const apiPods = simulatedPods(NAMESPACE, { service: 'festivals-api' }).map(
  p => p.pod,
);

const k8sAnnotations = (service: string) => ({
  'backstage.io/kubernetes-id': service,
  'backstage.io/kubernetes-namespace': NAMESPACE,
});
const entities = [
  monitoredComponent({
    name: 'festivals-api',
    job: 'festivals-api',
    namespace: NAMESPACE,
    annotations: k8sAnnotations('festivals-api'),
  }),
  monitoredComponent({
    name: 'festivals-worker',
    job: 'festivals-worker',
    namespace: NAMESPACE,
    annotations: k8sAnnotations('festivals-worker'),
  }),
  monitoredComponent({
    name: 'bad-namespace',
    job: 'festivals-api',
    annotations: {
      'backstage.io/kubernetes-id': 'festivals-api',
      'backstage.io/kubernetes-namespace': 'festivals;rm -rf',
    },
  }),
];

let stack: RunningStack;
let tmp: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnostics-'));
  stack = await startStack({
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    withAlertmanager: false,
    withKubernetes: false,
  });
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await stack?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A Kubernetes API stand-in over the stack's cluster stand-in, recording every request. */
async function standIn(
  options: Partial<KubernetesStandInOptions> = {},
): Promise<{
  api: RunningKubernetesStandIn;
  requests: Array<{ method: string; path: string; query: string }>;
}> {
  const requests: Array<{ method: string; path: string; query: string }> = [];
  const api = await startKubernetesStandIn({
    port: 0,
    source: { namespace: NAMESPACE, samples: stack.cluster.samples },
    onRequest: r => requests.push(r),
    ...options,
  });
  closers.push(() => api.close());
  return { api, requests };
}

function logFile(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.map(l => `${l}\n`).join(''));
  return file;
}

const jsonLine = (msg: string, secondsAgo = 1) =>
  JSON.stringify({
    time: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    level: 'warn',
    msg,
  });

async function startBackend(
  options: {
    kubernetesUrl?: string;
    loki?: boolean;
    extra?: any[];
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      monitoringPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          monitoring: {
            prometheus: {
              instances: [
                {
                  name: 'local',
                  baseUrl: stack.prometheus.url,
                  scrapeInterval: '1s',
                },
              ],
            },
            ...(options.loki && {
              loki: {
                instances: [{ name: 'local', baseUrl: stack.loki!.url }],
              },
            }),
          },
          ...(options.kubernetesUrl && {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'local',
                      url: options.kubernetesUrl,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'reader-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
          }),
        },
      }),
      ...(options.extra ?? []),
    ],
  });
  closers.push(() => backend.stop());
  return backend.server;
}

async function diagnostics(
  server: any,
  steps: DiagnosticKind[],
  entityRef = API,
): Promise<DiagnosticsResponse> {
  const res = await request(server)
    .get('/api/monitoring/diagnostics')
    .set('Authorization', mockCredentials.user.header())
    .query({ entityRef, step: steps.join(',') });
  expect(res.status).toBe(200);
  return res.body;
}

function result<K extends DiagnosticKind>(
  body: DiagnosticsResponse,
  kind: K,
): Extract<DiagnosticResult, { kind: K }> {
  const found = body.results.find(r => r.kind === kind);
  if (!found) throw new Error(`no ${kind} result`);
  return found as Extract<DiagnosticResult, { kind: K }>;
}

function ok<K extends DiagnosticKind>(body: DiagnosticsResponse, kind: K) {
  const r = result(body, kind);
  if (r.status !== 'ok') throw new Error(`${kind}: ${JSON.stringify(r)}`);
  return r;
}

function failed(body: DiagnosticsResponse, kind: DiagnosticKind) {
  const r = result(body, kind);
  if (r.status !== 'error') throw new Error(`${kind} did not fail`);
  return r;
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('GET /diagnostics against the Kubernetes API stand-in', () => {
  it('shows OOMKilled pods with their restarts, the OOM events and the OOM log lines once memory climbs', async () => {
    const file = logFile('api.log', []);
    const { requests, api } = await standIn({
      logFiles: { 'festivals-api': file },
    });
    const server = await startBackend({ kubernetesUrl: api.url });

    const before = await diagnostics(server, ['pods']);
    const pods = ok(before, 'pods');
    expect(pods.data.pods.map(p => p.name).sort()).toEqual([...apiPods].sort());
    expect(pods.data.pods.every(p => !p.oomKilled)).toBe(true);
    expect(pods.command).toBe(`kubectl get pods -n ${NAMESPACE}`);
    expect(pods.source).toBe('kubernetes');
    expect(before).toMatchObject({
      namespace: NAMESPACE,
      labelSelector: 'backstage.io/kubernetes-id=festivals-api',
      deployment: 'festivals-api',
      cluster: 'local',
    });

    // Memory above 90% of the limit with restarts: the stand-in records OOM kills.
    stack.cluster.update('festivals-api', {
      memoryRatio: 0.95,
      restartsPerMinute: 120,
    });
    try {
      await eventually(
        () => diagnostics(server, ['pods']),
        b => ok(b, 'pods').data.pods.every(p => p.oomKilled),
      );
      // Restarts stop; the running container (started at the last restart) then logs.
      stack.cluster.update('festivals-api', { restartsPerMinute: 0 });
      await diagnostics(server, ['pods']);
      await new Promise(r => setTimeout(r, 1100));
      fs.writeFileSync(
        file,
        [
          jsonLine('GET /festivals 200', 0),
          jsonLine('heap usage high: memory at 93% of limit', 0),
          jsonLine('GET /tickets 200', 0),
          jsonLine('FATAL: JavaScript heap out of memory (OOM)', 0),
        ]
          .map(l => `${l}\n`)
          .join(''),
      );
      const after = await diagnostics(server, ['pods', 'events', 'oomLogs']);
      for (const pod of ok(after, 'pods').data.pods) {
        expect(pod.oomKilled).toBe(true);
        expect(pod.restarts).toBeGreaterThan(0);
        expect(pod.lastTermination).toMatchObject({
          reason: 'OOMKilled',
          exitCode: 137,
        });
        expect(pod.phase).toBe('Running');
      }
      const events = ok(after, 'events');
      expect(events.data.events.length).toBeLessThanOrEqual(20);
      expect(events.data.events.map(e => e.reason)).toContain('OOMKilling');
      const times = events.data.events.map(e => e.lastTimestamp!);
      expect([...times].sort().reverse()).toEqual(times);
      expect(
        events.data.events.every(
          e =>
            apiPods.includes(e.object.name) ||
            e.object.name.startsWith('festivals-api'),
        ),
      ).toBe(true);

      const logs = ok(after, 'oomLogs');
      expect(logs.source).toBe('kubernetes');
      expect(logs.command).toBe(
        `kubectl logs deployment/festivals-api -n ${NAMESPACE} --tail=100 | grep -i "memory\\|oom"`,
      );
      expect(logs.data.lines.map(l => JSON.parse(l.line).msg).sort()).toEqual([
        'FATAL: JavaScript heap out of memory (OOM)',
        'heap usage high: memory at 93% of limit',
      ]);
      expect(logs.data.lines.every(l => l.pod === apiPods[0])).toBe(true);
      expect(logs.data.truncated).toBe(false);
    } finally {
      stack.cluster.update('festivals-api', {
        memoryRatio: 0.4,
        restartsPerMinute: 0,
      });
    }
    // Read-only and never Secrets: only GETs, none of them for secrets.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every(r => r.method === 'GET')).toBe(true);
    expect(requests.some(r => /secrets/.test(r.path))).toBe(false);
  });

  it('reads the OOM lines of an OOMKilled container from its previous instance (previous=true)', async () => {
    // The killed instance wrote the OOM lines; the running one, started at the restart, did not.
    const file = logFile('api-previous.log', [
      jsonLine('GET /festivals 200', 6),
      jsonLine('heap usage high: memory at 97% of limit', 5),
      jsonLine('java.lang.OutOfMemoryError: Java heap space', 4),
    ]);
    // The cluster stand-in's pods, with festivals-api's restarts set by the test: one restart
    // when it says, at 97% of the memory limit (an OOM kill).
    let apiRestarts = 0;
    const { api, requests } = await standIn({
      source: {
        namespace: NAMESPACE,
        samples: () =>
          stack.cluster.samples().map(sample =>
            sample.pod.service === 'festivals-api'
              ? {
                  ...sample,
                  workload: { ...sample.workload, memoryRatio: 0.97 },
                  restarts: apiRestarts,
                }
              : sample,
          ),
      },
      logFiles: { 'festivals-api': file },
    });
    const server = await startBackend({ kubernetesUrl: api.url });
    const before = ok(await diagnostics(server, ['oomLogs']), 'oomLogs');
    // No restart yet: the running instance has the lines, and no previous instance is asked for.
    expect(before.data.lines.map(l => JSON.parse(l.line).msg).sort()).toEqual([
      'heap usage high: memory at 97% of limit',
      'java.lang.OutOfMemoryError: Java heap space',
    ]);
    expect(before.data.lines.some(l => l.previous)).toBe(false);
    expect(requests.some(r => /previous=true/.test(r.query))).toBe(false);

    apiRestarts = 1;
    const pods = ok(await diagnostics(server, ['pods']), 'pods');
    expect(pods.data.pods.every(p => p.oomKilled)).toBe(true);
    const running = jsonLine('Server listening on 8080 after restart', -1);
    fs.appendFileSync(file, `${running}\n`);
    requests.length = 0;
    const after = ok(await diagnostics(server, ['oomLogs']), 'oomLogs');
    expect(after.warnings).toBeUndefined();
    const oomLines = after.data.lines.filter(l => l.pod === apiPods[0]);
    expect(
      oomLines.map(l => ({
        msg: JSON.parse(l.line).msg,
        previous: l.previous,
      })),
    ).toEqual([
      {
        msg: 'java.lang.OutOfMemoryError: Java heap space',
        previous: true,
      },
      { msg: 'heap usage high: memory at 97% of limit', previous: true },
    ]);
    // Every OOMKilled pod's previous instance was read (the other replicas' hold start-up
    // lines only), besides each running one.
    const logReads = requests.filter(r => r.path.endsWith('/log'));
    for (const pod of apiPods) {
      const reads = logReads.filter(r => r.path.includes(`/pods/${pod}/`));
      expect(
        reads.map(r => new URLSearchParams(r.query).get('previous')).sort(),
      ).toEqual([null, 'true']);
    }
  });

  it('reads CPU and memory per pod from metrics.k8s.io against requests and limits, and the HPA at its max', async () => {
    const { api } = await standIn();
    const server = await startBackend({ kubernetesUrl: api.url });
    api.state.setScenario('festivals-api', { minReplicas: 2, maxReplicas: 2 });

    const body = await diagnostics(server, ['podResources', 'hpa']);
    const resources = ok(body, 'podResources');
    expect(resources.source).toBe('metrics.k8s.io');
    expect(resources.command).toBe(`kubectl top pods -n ${NAMESPACE}`);
    expect(resources.warnings).toBeUndefined();
    expect(resources.data.pods.map(p => p.pod).sort()).toEqual(
      [...apiPods].sort(),
    );
    for (const pod of resources.data.pods) {
      const [c] = pod.containers;
      expect(c).toMatchObject({
        container: 'festivals-api',
        cpuLimitCores: 0.5,
        cpuRequestCores: 0.25,
        memoryLimitBytes: 512 * 2 ** 20,
        memoryRequestBytes: 256 * 2 ** 20,
      });
      expect(c.cpuCores).toBeGreaterThan(0);
      expect(c.memoryBytes).toBeGreaterThan(0);
      expect(pod.memoryLimitRatio).toBeCloseTo(
        c.memoryBytes! / (512 * 2 ** 20),
      );
    }

    const hpa = ok(body, 'hpa');
    expect(hpa.command).toBe(`kubectl get hpa -n ${NAMESPACE}`);
    expect(hpa.data.hpas).toHaveLength(1);
    expect(hpa.data.hpas[0]).toMatchObject({
      target: 'Deployment/festivals-api',
      minReplicas: 2,
      maxReplicas: 2,
      atMax: true,
    });
    expect(hpa.data.hpas[0].metrics[0]).toMatch(/^cpu: \d+%\/70%$/);
  });

  it('reads the DB connections against the pool and the Prometheus targets of the entity job', async () => {
    await waitForPrometheusValue(
      stack.prometheus.url,
      'count(db_connections_total{job="festivals-api"})',
      1,
      60_000,
    );
    const server = await startBackend();
    const body = await diagnostics(server, ['dbConnections', 'targets']);
    const db = ok(body, 'dbConnections');
    expect(db.source).toBe('prometheus');
    expect(db.data.query).toBe(
      `db_connections_active{namespace="${NAMESPACE}",job="festivals-api"} / db_connections_total{namespace="${NAMESPACE}",job="festivals-api"}`,
    );
    expect(db.command).toBe(db.data.query);
    expect(db.data.threshold).toBe(0.8);
    expect(db.data.series.length).toBeGreaterThan(0);
    for (const s of db.data.series) {
      expect(s.labels.job).toBe('festivals-api');
      expect(s.total).toBeGreaterThan(0);
      expect(s.ratio).toBeCloseTo(s.active / s.total);
    }
    const targets = ok(body, 'targets');
    expect(targets.data.job).toBe('festivals-api');
    expect(targets.data.targets).toEqual([
      expect.objectContaining({
        health: 'up',
        scrapeUrl: `${stack.workloads[0].url}/metrics`,
      }),
    ]);
  });

  it('reads the memory/OOM lines from Loki when Loki is configured', async () => {
    const { api } = await standIn();
    const server = await startBackend({ kubernetesUrl: api.url, loki: true });
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    stack.loki!.push(
      { namespace: NAMESPACE, app: 'festivals-api', pod: apiPods[0] },
      [
        { ts: nowNs - 3_000_000_000n, line: 'worker OOMKilled, restarting' },
        { ts: nowNs - 2_000_000_000n, line: 'GET /festivals 200' },
        { ts: nowNs - 1_000_000_000n, line: 'Memory pressure: 95%' },
      ],
    );
    const body = await diagnostics(server, ['oomLogs']);
    const logs = ok(body, 'oomLogs');
    expect(logs.source).toBe('loki');
    expect(logs.data.query).toBe(
      `{namespace="${NAMESPACE}",app="festivals-api"} |~ "(?i)memory|oom"`,
    );
    const lines = logs.data.lines.map(l => l.line);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Memory pressure: 95%',
        'worker OOMKilled, restarting',
      ]),
    );
    expect(lines).not.toContain('GET /festivals 200');
    expect(lines.every(l => /memory|oom/i.test(l))).toBe(true);
  });

  it('never returns env values or anything of Secrets', async () => {
    const { api, requests } = await standIn();
    const server = await startBackend({ kubernetesUrl: api.url });
    const res = await request(server)
      .get('/api/monitoring/diagnostics')
      .set('Authorization', mockCredentials.user.header())
      .query({ entityRef: API });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: DiagnosticResult) => r.kind)).toEqual([
      'pods',
      'podResources',
      'events',
      'hpa',
      'oomLogs',
      'workerLogs',
      'dbConnections',
      'targets',
    ]);
    // The stand-in's pods reference Secrets in env (DATABASE_URL from festivals-db).
    expect(res.text).not.toMatch(/DATABASE_URL|festivals-db|secretKeyRef/);
    expect(res.text).not.toContain('reader-token');
    expect(requests.some(r => /secrets/.test(r.path))).toBe(false);
  });
});

describe('GET /diagnostics permission and input', () => {
  it('refuses a user without monitoring.diagnostics.read with a 403 before any Kubernetes call', async () => {
    const { api, requests } = await standIn();
    const authorize = jest.fn(async (requested: any[], _options: any) =>
      requested.map(r => ({
        result:
          r.permission.name === 'monitoring.diagnostics.read'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const server = await startBackend({
      kubernetesUrl: api.url,
      extra: [mockServices.permissions.mock({ authorize } as any).factory],
    });
    const res = await request(server)
      .get('/api/monitoring/diagnostics')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .query({ entityRef: API, step: 'pods' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `You may not read the live diagnostics of ${API} (permission monitoring.diagnostics.read)`,
    );
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'monitoring.diagnostics.read',
          }),
          resourceRef: API,
        },
      ],
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/bob',
          }),
        }),
      }),
    );
    expect(requests).toEqual([]);
  });

  it('names the bad field or annotation with a 400', async () => {
    const { api, requests } = await standIn();
    const server = await startBackend({ kubernetesUrl: api.url });
    const bad = await request(server)
      .get('/api/monitoring/diagnostics')
      .set('Authorization', mockCredentials.user.header())
      .query({ entityRef: API, step: 'pods,exec' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/step/);
    const badNs = await request(server)
      .get('/api/monitoring/diagnostics')
      .set('Authorization', mockCredentials.user.header())
      .query({ entityRef: 'component:default/bad-namespace', step: 'pods' });
    expect(badNs.status).toBe(400);
    expect(badNs.body.error.message).toContain(
      "backstage.io/kubernetes-namespace 'festivals;rm -rf' is not a Kubernetes namespace name",
    );
    expect(requests).toEqual([]);
  });
});

describe('GET /diagnostics faults, each in its own step', () => {
  it('says no cluster is configured, naming kubernetes.clusterLocatorMethods, while Prometheus steps still answer', async () => {
    const server = await startBackend();
    const body = await diagnostics(server, ['pods', 'events', 'targets']);
    for (const kind of ['pods', 'events'] as const) {
      expect(failed(body, kind).error).toEqual({
        reason: 'NoCluster',
        message: expect.stringContaining('kubernetes.clusterLocatorMethods'),
      });
    }
    // The command stays readable with the annotated deployment.
    expect(result(body, 'pods').command).toBe(
      `kubectl get pods -n ${NAMESPACE}`,
    );
    expect(ok(body, 'targets').data.targets.length).toBeGreaterThan(0);
  });

  it('names the URL of an unreachable cluster', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const server = await startBackend({ kubernetesUrl: url });
    const body = await diagnostics(server, ['pods', 'hpa', 'dbConnections']);
    for (const kind of ['pods', 'hpa'] as const) {
      const { error } = failed(body, kind);
      expect(error.reason).toBe('ClusterUnreachable');
      expect(error.message).toContain(url);
    }
    expect(result(body, 'dbConnections').status).toBe('ok');
  });

  it('says the service account lacks RBAC for the resource the API server refused', async () => {
    const { api } = await standIn({ forbidden: ['events'] });
    const server = await startBackend({ kubernetesUrl: api.url });
    const body = await diagnostics(server, ['events', 'pods']);
    expect(failed(body, 'events').error).toEqual({
      reason: 'Forbidden',
      message: expect.stringMatching(
        /^The service account of Kubernetes cluster 'local' lacks RBAC for events in namespace festivals-production \(403: events is forbidden: .*\)/,
      ),
    });
    expect(ok(body, 'pods').data.pods).toHaveLength(apiPods.length);
  });

  it('falls back to Prometheus when the metrics API is missing, and says so', async () => {
    await waitForPrometheusValue(
      stack.prometheus.url,
      `count(container_memory_working_set_bytes{namespace="${NAMESPACE}",container="festivals-api"})`,
      apiPods.length,
      60_000,
    );
    const { api, requests } = await standIn({ metricsApi: false });
    const server = await startBackend({ kubernetesUrl: api.url });
    const body = await eventually(
      () => diagnostics(server, ['podResources']),
      b =>
        ok(b, 'podResources').data.pods.every(
          p => p.containers[0].cpuCores !== undefined,
        ),
    );
    const resources = ok(body, 'podResources');
    expect(resources.source).toBe('prometheus');
    expect(resources.sourceName).toBe('local');
    expect(resources.warnings).toEqual([
      expect.stringContaining(
        "The metrics API (metrics.k8s.io) is not served by cluster 'local'",
      ),
    ]);
    for (const pod of resources.data.pods) {
      expect(pod.containers[0].memoryBytes).toBeGreaterThan(0);
      expect(pod.containers[0].cpuCores).toBeGreaterThan(0);
      expect(pod.memoryLimitRatio).toBeGreaterThan(0);
    }
    expect(requests.some(r => r.path.startsWith('/apis/metrics.k8s.io/'))).toBe(
      true,
    );
  });

  it('caps a log too large and says so', async () => {
    const big = 'x'.repeat(2000);
    const file = logFile('big.log', []);
    const { api } = await standIn({ logFiles: { 'festivals-api': file } });
    // Written after the stand-in saw the current container start (earlier restarts).
    await new Promise(r => setTimeout(r, 1100));
    fs.writeFileSync(
      file,
      Array.from(
        { length: 150 },
        (_, i) => `${jsonLine(`${i} ${big}`, 0)}\n`,
      ).join(''),
    );
    const server = await startBackend({ kubernetesUrl: api.url });
    const body = await diagnostics(server, ['workerLogs']);
    const logs = ok(body, 'workerLogs');
    expect(logs.data.truncated).toBe(true);
    expect(logs.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The log of pod ${apiPods[0]} is larger than 64 KiB: capped at that size`,
        ),
      ),
    ]);
    const bytes = logs.data.lines.reduce(
      (n, l) => n + Buffer.byteLength(l.line),
      0,
    );
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
  });
});
