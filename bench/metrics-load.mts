/**
 * Metrics tab under incident load, measured side by side in one run:
 *  (a) page load through the backend (all nine panels, one request, cold cache) vs the slowest of
 *      the same nine queries sent straight to Prometheus in parallel;
 *  (b) 200 concurrent viewers of one entity and range: upstream Prometheus requests per panel and
 *      backend p95 latency vs a single viewer; also 200 viewers of "last 1 hour" arriving over 5 s;
 *  (c) backend RSS before and after the load.
 * Starts the local stack (real Prometheus + workload) and the real Backstage backend on :7007.
 * Run: ./scripts/bench   (see BENCHMARKS.md)
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  repoRoot,
  startStack,
  waitForHttp,
  waitForPrometheusValue,
} from '../packages/local-stack/src/index.ts';
import { median, ms, percentile, timed } from './stats.mts';
import { writeHistory } from './history.mts';

const ENTITY = 'component:default/festivals-api';
const VIEWERS = 200;
const ROUNDS = 30;
const SINGLE_ROUNDS = 5;
/** `--history`: also load a week of backfilled history and measure page loads over 7 days. */
const WITH_HISTORY = process.argv.includes('--history');
const HISTORY_ROUNDS = 10;

async function main() {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-bench-'));
  const dataDir = path.join(logDir, 'stack');
  if (WITH_HISTORY) {
    const file = path.join(logDir, 'history.om');
    const historyEnd = Math.floor(Date.now() / 1000 / 30) * 30 - 1800;
    const { series, samples } = writeHistory(file, {
      endSeconds: historyEnd,
      days: 7,
      stepSeconds: 30,
    });
    console.log(
      `backfilling ${series} series, ${samples} samples (promtool, ~2 min)…`,
    );
    const result = spawnSync(
      'promtool',
      [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '-q',
        file,
        path.join(dataDir, 'prometheus', 'tsdb'),
      ],
      { stdio: 'inherit' },
    );
    fs.rmSync(file);
    if (result.status !== 0) throw new Error('promtool backfill failed');
  }
  const stack = await startStack({
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    dataDir,
  });
  // Two backends on the same stack, identical but for the verified-token cache
  // (packages/backend/src/services/VerifiedUserTokens.ts), measured alternately so that the
  // machine's other load falls on both alike. `BENCH_ONE_BACKEND=1` starts only the default one.
  const variants = [
    {
      label: 'no token cache',
      env: { APP_CONFIG_backend_auth_verifiedUserTokenCache: 'false' },
    },
    { label: 'token cache', env: {} },
  ].slice(process.env.BENCH_ONE_BACKEND ? 1 : 0);
  const backends: Array<{
    label: string;
    url: string;
    process: ReturnType<typeof spawn>;
  }> = [];
  for (const variant of variants) {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const out = fs.openSync(
      path.join(logDir, `backend-${backends.length}.log`),
      'a',
    );
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot(), '.yarn/releases/yarn-4.13.0.cjs'),
        'workspace',
        'backend',
        'start',
      ],
      {
        cwd: repoRoot(),
        env: {
          ...process.env,
          PROMETHEUS_URL: stack.prometheus.url,
          NODE_ENV: 'development',
          APP_CONFIG_backend_listen_port: String(port),
          APP_CONFIG_backend_baseUrl: url,
          // `BENCH_CPU_PROF=<dir>`: a V8 CPU profile of the backend during the run (open in Chrome
          // DevTools or speedscope), for finding where the viewers' time goes.
          ...(process.env.BENCH_CPU_PROF
            ? {
                NODE_OPTIONS: `${
                  process.env.NODE_OPTIONS ?? ''
                } --cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
              }
            : {}),
          // The viewers all sign in as the one guest user: lift the per-user bound (429 past it) so
          // the figures measure coalescing, not the limiter.
          APP_CONFIG_monitoring_limits_perUserConcurrency: String(VIEWERS * 2),
          APP_CONFIG_monitoring_limits_globalConcurrency: String(VIEWERS * 2),
          ...variant.env,
        },
        stdio: ['ignore', out, out],
        detached: true,
      },
    );
    backends.push({ label: variant.label, url, process: child });
  }
  const stop = async () => {
    // Waits for the backends to exit (at most 20 s): they write their CPU profiles on the way out.
    await Promise.all(
      backends.map(async ({ process: child }) => {
        const exited = new Promise(resolve => {
          child.once('exit', resolve);
          setTimeout(resolve, 20_000).unref();
        });
        try {
          process.kill(-child.pid!, 'SIGTERM');
          await exited;
        } catch {
          /* gone */
        }
      }),
    );
    await stack.stop();
  };
  try {
    for (const { url } of backends) {
      await waitForHttp(`${url}/.backstage/health/v1/readiness`, 240_000);
    }
    // Two minutes of 1 s scrapes so every panel has data over the measured ranges.
    await waitForPrometheusValue(
      stack.prometheus.url,
      'count_over_time(up{job="festivals-api"}[5m])',
      120,
      300_000,
    );
    // Twice each, alternately (A B A B), for the spread.
    for (const pass of [1, 2]) {
      for (const b of backends) {
        console.log(`\n===== backend with ${b.label}, pass ${pass} =====`);
        await measure(b.url, stack.prometheus.url);
      }
    }
  } finally {
    await stop();
  }
}

/** (a), (a'), (b) and (c) against one backend. */
async function measure(BACKEND: string, prometheusUrl: string) {
  const stack = { prometheus: { url: prometheusUrl } };
  {
    const token = (
      await (await fetch(`${BACKEND}/api/auth/guest/refresh`)).json()
    ).backstageIdentity.token as string;
    const headers = { Authorization: `Bearer ${token}` };

    const panels = (start: number, end: number) =>
      fetch(
        `${BACKEND}/api/monitoring/panels?${new URLSearchParams({
          entityRef: ENTITY,
          start: String(start),
          end: String(end),
          maxDataPoints: '600',
        })}`,
        { headers },
      ).then(async r => {
        if (!r.ok)
          throw new Error(`backend answered ${r.status}: ${await r.text()}`);
        const body = await r.json();
        // Server-Timing: entity;dur=… (lookup), prometheus;dur=… (fan-out, permission check alongside).
        body.timing = Object.fromEntries(
          (r.headers.get('server-timing') ?? '')
            .split(',')
            .map(part => /(\w+);dur=([\d.]+)/.exec(part))
            .filter(Boolean)
            .map(m => [m![1], Number(m![2])]),
        );
        return body;
      });
    // (b) times each viewer to the last byte of the answer as it travels (gzip), undecoded:
    // 200 browsers each decode their own answer, which this one process cannot do for them
    // without its own event loop becoming what is measured.
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const panelsRaw = (start: number, end: number) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        http
          .get(
            `${BACKEND}/api/monitoring/panels?${new URLSearchParams({
              entityRef: ENTITY,
              start: String(start),
              end: String(end),
              maxDataPoints: '600',
            })}`,
            {
              agent,
              headers: { ...headers, 'Accept-Encoding': 'gzip, deflate, br' },
            },
            res => {
              if (res.statusCode !== 200) {
                reject(new Error(`backend answered ${res.statusCode}`));
              }
              res.resume();
              res.on('end', () => resolve(performance.now() - t0));
            },
          )
          .on('error', reject);
      });
    const counters = async () => {
      const text = await (
        await fetch(`${BACKEND}/api/monitoring/metrics`)
      ).text();
      const sum = (prefix: string) =>
        text
          .split('\n')
          .filter(l => l.startsWith(prefix))
          .reduce((t, l) => t + Number(l.split(' ').pop()), 0);
      return {
        upstream: sum('monitoring_upstream_requests_total{'),
        rssBytes: sum('process_resident_memory_bytes'),
      };
    };
    const direct = async (body: any) =>
      Promise.all(
        body.panels.map(async (p: any) => {
          const instant = ['stat', 'table'].includes(p.kind);
          const params: Record<string, string> = instant
            ? { query: p.query, time: String(body.end) }
            : {
                query: p.query,
                start: String(body.start),
                end: String(body.end),
                step: String(body.step),
              };
          const [t, res] = await timed(() =>
            fetch(
              `${stack.prometheus.url}/api/v1/${
                instant ? 'query' : 'query_range'
              }`,
              {
                method: 'POST',
                headers: {
                  'Content-Type': 'application/x-www-form-urlencoded',
                },
                body: new URLSearchParams(params).toString(),
              },
            ).then(r => r.json()),
          );
          if (res.status !== 'success')
            throw new Error(`direct query failed: ${JSON.stringify(res)}`);
          return t;
        }),
      );

    // Warm-up: JIT, connection pools, the catalog entity.
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++)
      await direct(await panels(now - 3600 - i, now - i));

    // (a) Cold page loads: each round a range no one asked before (shifted by whole minutes).
    const backendMs: number[] = [];
    const slowestDirectMs: number[] = [];
    const entityMs: number[] = [];
    const fanOutMs: number[] = [];
    const rssStart = (await counters()).rssBytes;
    for (let i = 0; i < ROUNDS; i++) {
      const end = now - 60 * (i + 10);
      const [t, body] = await timed(() => panels(end - 3600, end));
      backendMs.push(t);
      entityMs.push(body.timing.entity);
      fanOutMs.push(body.timing.prometheus);
      slowestDirectMs.push(Math.max(...(await direct(body))));
    }

    // (a') the same over the last 7 days of backfilled history: queries that read millions of samples.
    const weekBackendMs: number[] = [];
    const weekDirectMs: number[] = [];
    const weekFanOutMs: number[] = [];
    if (WITH_HISTORY) {
      for (let i = 0; i < HISTORY_ROUNDS; i++) {
        const weekEnd = now - 1200 * (i + 1);
        const [t, body] = await timed(() =>
          panels(weekEnd - 7 * 86400, weekEnd),
        );
        weekBackendMs.push(t);
        weekFanOutMs.push(body.timing.prometheus);
        weekDirectMs.push(Math.max(...(await direct(body))));
      }
    }

    // (b) 200 viewers of the same entity and range at once (a pasted incident link).
    const end = now - 3 * 3600;
    const before = await counters();
    // One viewer: the median of 5 page loads, each on a range nobody asked before.
    const singles: number[] = [];
    for (let i = 1; i <= SINGLE_ROUNDS; i++) {
      singles.push(await panelsRaw(end - 3600 - 60 * i, end - 60 * i));
    }
    const singleMs = median(singles);
    const afterSingle = await counters();
    const latencies = await Promise.all(
      Array.from({ length: VIEWERS }, () => panelsRaw(end - 3600, end)),
    );
    const afterBurst = await counters();
    // 200 viewers of "last 1 hour" arriving over 5 s: each resolves its own "now".
    const liveLatencies: number[] = [];
    await Promise.all(
      Array.from({ length: VIEWERS }, async (_, i) => {
        await new Promise(r => setTimeout(r, (i * 5000) / VIEWERS));
        const t = Date.now() / 1000;
        liveLatencies.push(await panelsRaw(t - 3600, t));
      }),
    );
    const afterLive = await counters();
    const panelCount = 9;

    console.log(
      '\nFestivals Monitoring — Metrics tab bench (festivals-api, 9 panels, last 1 h, 600 points)',
    );
    console.log(
      `CPU: ${os.cpus()[0].model} × ${os.cpus().length}, Node ${
        process.version
      }\n`,
    );
    console.log('(a) cold page load, %d rounds', ROUNDS);
    console.log(
      `    backend, all panels in one request   median ${ms(
        median(backendMs),
      )}  p95 ${ms(percentile(backendMs, 95))}`,
    );
    console.log(
      `    slowest single direct query          median ${ms(
        median(slowestDirectMs),
      )}  p95 ${ms(percentile(slowestDirectMs, 95))}`,
    );
    console.log(
      `    ratio backend / slowest direct       ${(
        median(backendMs) / median(slowestDirectMs)
      ).toFixed(2)} (target ≤ 1.2)`,
    );
    console.log(
      `    backend overhead over slowest direct median ${ms(
        median(backendMs.map((b, i) => b - slowestDirectMs[i])),
      )} (per round, target ≤ 5 ms)`,
    );
    console.log('    where the backend time goes (Server-Timing):');
    console.log(
      `      entity lookup (shared, cached)     median ${ms(median(entityMs))}`,
    );
    console.log(
      `      fan-out ∥ user permission check    median ${ms(
        median(fanOutMs),
      )}  ratio to slowest direct ${(
        median(fanOutMs) / median(slowestDirectMs)
      ).toFixed(2)}`,
    );
    console.log(
      `      Backstage auth middleware + HTTP   median ${ms(
        median(backendMs.map((b, i) => b - entityMs[i] - fanOutMs[i])),
      )}`,
    );
    if (WITH_HISTORY) {
      console.log(
        `\n(a') cold page load over the last 7 days (backfilled, 30 s samples), ${HISTORY_ROUNDS} rounds`,
      );
      console.log(
        `    backend, all panels in one request   median ${ms(
          median(weekBackendMs),
        )}  p95 ${ms(percentile(weekBackendMs, 95))}`,
      );
      console.log(
        `    slowest single direct query          median ${ms(
          median(weekDirectMs),
        )}  p95 ${ms(percentile(weekDirectMs, 95))}`,
      );
      console.log(
        `    ratio backend / slowest direct       ${(
          median(weekBackendMs) / median(weekDirectMs)
        ).toFixed(2)} (target ≤ 1.2)`,
      );
      console.log(
        `    backend overhead over slowest direct median ${ms(
          median(weekBackendMs.map((b, i) => b - weekDirectMs[i])),
        )} (per round, target ≤ 5 ms)`,
      );
      console.log(
        `      fan-out ∥ user permission check    median ${ms(
          median(weekFanOutMs),
        )}`,
      );
    }
    console.log(`\n(b) ${VIEWERS} concurrent viewers, same entity and range`);
    console.log(
      `    upstream requests, one viewer        ${
        (afterSingle.upstream - before.upstream) / SINGLE_ROUNDS
      } (${(
        (afterSingle.upstream - before.upstream) /
        SINGLE_ROUNDS /
        panelCount
      ).toFixed(2)} per panel)`,
    );
    console.log(
      `    upstream requests, ${VIEWERS} viewers      ${
        afterBurst.upstream - afterSingle.upstream
      } (${((afterBurst.upstream - afterSingle.upstream) / panelCount).toFixed(
        2,
      )} per panel, target ≤ 2)`,
    );
    console.log(
      `    backend latency, one viewer          ${ms(
        singleMs,
      )} (median of ${SINGLE_ROUNDS})`,
    );
    console.log(
      `    backend latency, ${VIEWERS} viewers        p50 ${ms(
        median(latencies),
      )}  p95 ${ms(percentile(latencies, 95))}  (p95 / single ${(
        percentile(latencies, 95) / singleMs
      ).toFixed(2)}, target ≤ 5)`,
    );
    console.log(
      `    ${VIEWERS} viewers of "last 1 h" over 5 s     upstream ${
        afterLive.upstream - afterBurst.upstream
      } (${((afterLive.upstream - afterBurst.upstream) / panelCount).toFixed(
        2,
      )} per panel)  p95 ${ms(percentile(liveLatencies, 95))}`,
    );
    console.log('\n(c) backend memory');
    console.log(
      `    RSS before load ${(rssStart / 2 ** 20).toFixed(1)} MiB, after ${(
        afterLive.rssBytes /
        2 ** 20
      ).toFixed(1)} MiB, growth ${(
        (afterLive.rssBytes - rssStart) /
        2 ** 20
      ).toFixed(1)} MiB`,
    );
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
