import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type RunningStack } from '@internal/local-stack';
import { freePort } from '../ports';
import { waitForEntities } from '../product/catalog';
import {
  assertRedisUp,
  clearRedisNamespace,
  createDatabase,
  databaseExists,
  dropDatabase,
  POSTGRES,
  REDIS_URL,
  redisKeys,
  schemasOf,
} from './backingServices';
import { startLoadBalancer, type RunningLoadBalancer } from './loadBalancer';
import { startReplica, type Replica } from './replica';

/**
 * Suite 5 of the trust-boundaries issue: two replicas of the real backend on the machine's
 * PostgreSQL (one database of this run's own, dropped after) and Redis (`backend.cache`, a key
 * namespace of this run's own), behind a round-robin load balancer that probes readiness and
 * retries nothing, under a steady load of Metrics-tab requests against a real Prometheus. One
 * replica is stopped mid-load (SIGTERM, as an orchestrator does): no request may fail but those
 * in flight on it, and it must come back, serve again and share the other's cache.
 */

const ENTITY = 'component:default/festivals-api';
const WORKERS = 6;
const READY_MS = 240_000;
const RUN = `replicas_${process.pid}_${Date.now()}`;

interface Sent {
  replica: string;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  detail: string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs: number,
  seen: () => string = () => '',
) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs / 1000} s. ${seen()}`);
    await sleep(100);
  }
}

/** Panel queries sent to Prometheus and cache hits, from a replica's own metrics. */
async function counters(url: string) {
  const text = await (await fetch(`${url}/api/monitoring/metrics`)).text();
  const sum = (prefix: string, keep: (line: string) => boolean) =>
    text
      .split('\n')
      .filter(line => line.startsWith(prefix) && keep(line))
      .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  return {
    upstream: sum(
      'monitoring_upstream_requests_total{',
      l => !l.includes('endpoint="targets"'),
    ),
    hits: sum(
      'monitoring_query_cache_requests_total{result="hit"}',
      () => true,
    ),
    misses: sum(
      'monitoring_query_cache_requests_total{result="miss"}',
      () => true,
    ),
  };
}

describe('two backend replicas on PostgreSQL and Redis', () => {
  let logDir: string;
  let stack: RunningStack | undefined;
  let lb: RunningLoadBalancer | undefined;
  const replicas: Record<string, Replica | undefined> = {};
  const ports: Record<string, number> = {};
  let env: Record<string, string>;
  let databaseCreated = false;

  const start = (name: string) =>
    startReplica({
      name,
      port: ports[name],
      env,
      logFile: path.join(logDir, `backend-${name}.log`),
      readyTimeoutMs: READY_MS,
    });

  beforeAll(async () => {
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-replicas-'));
    // Fail, don't skip, when a backing service is down: CI runs on machines that have both.
    assertRedisUp();
    createDatabase(RUN);
    databaseCreated = true;
    stack = await startStack({
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      dataDir: path.join(logDir, 'stack'),
      withLoki: false,
      withKubernetes: false,
      withAlertmanager: false,
    });
    ports.a = await freePort();
    ports.b = await freePort();
    lb = await startLoadBalancer({
      backends: ['a', 'b'].map(name => ({
        name,
        url: `http://127.0.0.1:${ports[name]}`,
      })),
    });
    env = {
      PROMETHEUS_URL: stack.prometheus.url,
      // Both replicas are one service to the outside: its address is the load balancer's.
      APP_CONFIG_backend_baseUrl: lb.url,
      APP_CONFIG_backend_database: JSON.stringify({
        client: 'pg',
        pluginDivisionMode: 'schema',
        connection: { ...POSTGRES, database: RUN },
      }),
      APP_CONFIG_backend_cache: JSON.stringify({
        store: 'redis',
        connection: REDIS_URL,
        redis: { client: { namespace: RUN } },
      }),
      // As in a rolling deployment: readiness turns 503 at SIGTERM, requests already routed
      // here are still answered for this long, then the server closes.
      APP_CONFIG_backend_lifecycle_serverShutdownDelay: JSON.stringify({
        seconds: 3,
      }),
    };
    // One after the other: the first runs the database migrations, the second finds them done.
    replicas.a = await start('a');
    replicas.b = await start('b');
    await waitForEntities(lb.url, [ENTITY], 120_000);
    await waitFor(
      'both replicas ready behind the load balancer',
      () => lb!.ready().length === 2,
      30_000,
    );
  }, 420_000);

  afterAll(async () => {
    for (const replica of Object.values(replicas)) await replica?.stop();
    await lb?.stop();
    await stack?.stop();
    if (databaseCreated) dropDatabase(RUN);
    clearRedisNamespace(RUN);
    // The replicas' logs stay in logDir for a failed run; Prometheus' data goes.
    fs.rmSync(path.join(logDir, 'stack'), { recursive: true, force: true });
  }, 120_000);

  it('loses no request but those in flight on a replica stopped mid-load, which then rejoins', async () => {
    const token = (
      await (await fetch(`${lb!.url}/api/auth/guest/refresh`)).json()
    ).backstageIdentity.token as string;
    // What a whole answer holds: the entity's panels (the catalog's and its SLO panels) as one
    // request answers them before the load starts.
    const panelsQuery = (end: number) =>
      new URLSearchParams({
        entityRef: ENTITY,
        start: String(end - 900),
        end: String(end),
        maxDataPoints: '100',
      });
    const first = await fetch(
      `${lb!.url}/api/monitoring/panels?${panelsQuery(
        Math.floor(Date.now() / 1000),
      )}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(first.status).toBe(200);
    const panelCount = ((await first.json()).panels as unknown[]).length;
    expect(panelCount).toBeGreaterThan(0);
    const sent: Sent[] = [];
    let loading = true;
    let round = 0;
    // Each worker asks, one request after the other, for the Metrics tab over a 15-minute range
    // among 20 (some answered from the shared cache, some by Prometheus).
    const worker = async () => {
      while (loading) {
        const end =
          Math.floor(Date.now() / 1000 / 60) * 60 - (round++ % 20) * 60;
        const startedAt = Date.now();
        let replica = '?';
        let ok = false;
        let detail = '';
        try {
          const res = await fetch(
            `${lb!.url}/api/monitoring/panels?${panelsQuery(end)}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          replica = res.headers.get('x-served-by') ?? '?';
          const text = await res.text();
          ok =
            res.status === 200 &&
            JSON.parse(text).panels?.length === panelCount;
          detail = `${res.status} ${text.slice(0, 200)}`;
        } catch (e) {
          detail = String(e);
        }
        sent.push({ replica, startedAt, endedAt: Date.now(), ok, detail });
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, worker));
    const served = (name: string, after: number) =>
      sent.filter(s => s.replica === name && s.ok && s.startedAt >= after)
        .length;
    // For a wait that times out: what was answered so far, and the last failure.
    const seen = () => {
      const failures = sent.filter(s => !s.ok);
      return `${sent.length} sent, a: ${served('a', 0)} ok, b: ${served(
        'b',
        0,
      )} ok, ${failures.length} failed${
        failures.length ? `, last: ${failures[failures.length - 1].detail}` : ''
      }`;
    };

    // When replica a was sent SIGTERM, and when its process had ended.
    let stopAt = Infinity;
    let goneAt = Infinity;
    try {
      await waitFor(
        'both replicas answering under load',
        () => served('a', 0) >= 10 && served('b', 0) >= 10,
        60_000,
        seen,
      );

      // Stop replica a mid-load, as an orchestrator does, and wait for its process to end.
      stopAt = Date.now();
      await replicas.a!.stop();
      goneAt = Date.now();
      replicas.a = undefined;
      expect(lb!.ready()).toEqual(['b']);
      await waitFor(
        'replica b carrying the load alone',
        () => served('b', goneAt) >= 10,
        30_000,
        seen,
      );

      // It comes back (same port, database and cache) and the balancer sends it requests again.
      replicas.a = await start('a');
      const backAt = Date.now();
      await waitFor(
        'replica a serving again after its restart',
        () => served('a', backAt) >= 10,
        60_000,
        seen,
      );
    } finally {
      loading = false;
      await load;
    }

    const failed = sent.filter(s => !s.ok);
    // The only failures allowed: requests sent to a before it was told to stop and still open
    // then. One the balancer sends it after that (before its probe sees readiness turn 503)
    // must be answered, as must everything sent to b.
    const inFlightOnStopped = (s: Sent) =>
      s.replica === 'a' && s.startedAt <= stopAt && s.endedAt >= stopAt;
    const summary = ['a', 'b', '?', 'none'].map(
      name =>
        `${name}: ${sent.filter(s => s.replica === name && s.ok).length} ok, ${
          sent.filter(s => s.replica === name && !s.ok).length
        } failed`,
    );
    // eslint-disable-next-line no-console
    console.log(
      `two replicas: ${sent.length} requests, ${failed.length} failed, ${
        failed.filter(inFlightOnStopped).length
      } of them in flight on the stopped replica; ${summary.join('; ')}; ` +
        `replica a took ${((goneAt - stopAt) / 1000).toFixed(1)} s to stop`,
    );
    expect(sent.length).toBeGreaterThan(60);
    expect(failed.filter(s => !inFlightOnStopped(s))).toEqual([]);
  }, 240_000);

  it('shares one Redis cache between the replicas, the restarted one included', async () => {
    const token = (
      await (await fetch(`${lb!.url}/api/auth/guest/refresh`)).json()
    ).backstageIdentity.token as string;
    // A settled range no request of the load asked for.
    const end = Math.floor(Date.now() / 1000 / 60) * 60 - 3600;
    const ask = (replica: Replica) =>
      fetch(
        `${replica.url}/api/monitoring/panels?${new URLSearchParams({
          entityRef: ENTITY,
          start: String(end - 600),
          end: String(end),
          maxDataPoints: '50',
        })}`,
        { headers: { Authorization: `Bearer ${token}` } },
      ).then(async res => ({ status: res.status, body: await res.json() }));

    const beforeB = await counters(replicas.b!.url);
    const fromB = await ask(replicas.b!);
    expect(fromB.status).toBe(200);
    const afterB = await counters(replicas.b!.url);
    // The page's questions (nine panels, the alerts' firing periods, which metrics the entity
    // has), each fetched by b or already in the shared cache.
    const questions =
      afterB.misses - beforeB.misses + (afterB.hits - beforeB.hits);
    expect(questions).toBeGreaterThanOrEqual(9);
    // The answers live in Redis under this run's namespace. (Not a count before/after: older
    // answers expire while b adds its own, so the number of keys need not grow.)
    expect(redisKeys(RUN).length).toBeGreaterThan(0);

    const before = await counters(replicas.a!.url);
    const fromA = await ask(replicas.a!);
    expect(fromA.status).toBe(200);
    const after = await counters(replicas.a!.url);
    // Every question answered from what b put in the shared cache: nothing asked of Prometheus.
    expect(after.upstream - before.upstream).toBe(0);
    expect(after.hits - before.hits).toBe(questions);
    expect(fromA.body).toEqual(fromB.body);
  }, 60_000);

  it('keeps the replicas’ data in the run’s own PostgreSQL database, one schema per plugin', () => {
    expect(databaseExists(RUN)).toBe(true);
    expect(schemasOf(RUN)).toEqual(
      expect.arrayContaining(['auth', 'catalog', 'scaffolder']),
    );
  });
});
