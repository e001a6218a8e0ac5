/**
 * Logs tab under incident load, measured side by side in one run:
 *  (a) in Chromium, from the end of the /logs response to the rendered list: the first page
 *      (1,000 lines) vs a 5,000-line page (the most the list keeps), with the rows in the DOM;
 *  (b) 50 concurrent viewers of one entity and range (lines + volume, as the tab asks): upstream
 *      Loki requests and backend latency vs a single viewer.
 * Starts the local stack (Loki-API stand-in, real Prometheus, workloads), the real Backstage
 * backend on :7007 and the app on :3000. 6,000 lines of festivals-api are pushed into the
 * stand-in first, under the guide's promtail labels, in a window the workload never wrote to.
 * Run: ./scripts/bench --logs   (see BENCHMARKS.md)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import {
  FESTIVALS_NAMESPACE,
  repoRoot,
  startStack,
  waitForHttp,
} from '../packages/local-stack/src/index.ts';
import { median, ms, percentile, timed } from './stats.mts';

const BACKEND = 'http://localhost:7007';
const APP = 'http://localhost:3000';
const SERVICE = 'festivals-api';
const ENTITY = `component:default/${SERVICE}`;
const PUSHED = 6000;
const VIEWERS = 50;
const ROUNDS = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function start(workspace: string, logFile: string, env: NodeJS.ProcessEnv) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot(), '.yarn/releases/yarn-4.13.0.cjs'),
      'workspace',
      workspace,
      'start',
    ],
    {
      cwd: repoRoot(),
      env: { ...process.env, ...env },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  fs.closeSync(out);
  return child;
}

function stopGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    /* gone */
  }
}

/**
 * Lines like the workload's (the guide's JSON format), spread over [startMs, endMs), several
 * per millisecond as a busy service logs: 25 % share their timestamp with the previous line.
 */
function incidentLines(startMs: number, endMs: number, count: number) {
  const byLevel = new Map<string, Array<[string, string]>>();
  const hex = (n: number) =>
    Array.from({ length: n }, () =>
      Math.floor(Math.random() * 256)
        .toString(16)
        .padStart(2, '0'),
    ).join('');
  let t = startMs;
  for (let i = 0; i < count; i++) {
    if (Math.random() > 0.25) t = startMs + ((endMs - startMs) * i) / count;
    const failed = Math.random() < 0.3;
    const level = failed ? 'error' : 'info';
    const line = JSON.stringify({
      time: new Date(t).toISOString(),
      level,
      msg: failed ? 'Request failed' : 'Request completed',
      method: 'GET',
      path: '/api/festivals',
      status: failed ? 503 : 200,
      duration_ms: Math.round(20 + Math.random() * 400),
      user_id: String(10000 + Math.floor(Math.random() * 90000)),
      request_id: `${hex(3)}-${hex(3)}`,
      trace_id: hex(16),
    });
    const values = byLevel.get(level) ?? [];
    values.push([`${Math.floor(t)}000000`, line]);
    byLevel.set(level, values);
  }
  return byLevel;
}

/**
 * Opens the Logs tab on the range and measures, in the page, from the end of the /logs response
 * (Resource Timing) to the first frame after the list shows its lines. `limit` rewrites the
 * tab's request for its first page (the tab asks 1,000).
 */
async function measureRender(
  page: Page,
  range: { start: number; end: number },
  limit: number,
) {
  const isLogs = (url: URL) => url.pathname === '/api/monitoring/logs';
  await page.unrouteAll();
  await page.route(isLogs, route => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', String(limit));
    return route.continue({ url: url.toString() });
  });
  const iso = (s: number) => new Date(s * 1000).toISOString();
  await page.goto(
    `${APP}/catalog/default/component/${SERVICE}/logs?from=${iso(
      range.start,
    )}&to=${iso(range.end)}`,
  );
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 5000 }).catch(() => false))
    await enter.click();
  return page.evaluate(
    expected =>
      new Promise<{ renderMs: number; domRows: number; shown: number }>(
        (resolve, reject) => {
          const deadline = performance.now() + 120_000;
          const check = () => {
            const caption = [...document.querySelectorAll('span')].find(el =>
              /^[\d,]+ lines, newest first\.$/.test(el.textContent ?? ''),
            );
            const shown = Number(
              caption?.textContent?.split(' ')[0].replace(/,/g, '') ?? 0,
            );
            const rows = document.querySelectorAll(
              '[data-testid="log-lines"] [role="listitem"]',
            ).length;
            if (shown === expected && rows > 0) {
              // The next frame is the first one painted with the list.
              requestAnimationFrame(() => {
                const painted = performance.now();
                const response = performance
                  .getEntriesByType('resource')
                  .filter(e => e.name.includes('/api/monitoring/logs?'))
                  .pop() as PerformanceResourceTiming | undefined;
                if (!response) return reject(new Error('no /logs timing'));
                resolve({
                  renderMs: painted - response.responseEnd,
                  domRows: rows,
                  shown,
                });
              });
              return;
            }
            if (performance.now() > deadline)
              return reject(new Error(`list never showed ${expected} lines`));
            requestAnimationFrame(check);
          };
          check();
        },
      ),
    limit,
  );
}

async function main() {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-bench-'));
  const stack = await startStack({
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    dataDir: path.join(logDir, 'stack'),
  });
  const env = {
    PROMETHEUS_URL: stack.prometheus.url,
    ALERTMANAGER_URL: stack.alertmanager?.url ?? '',
    LOKI_URL: stack.loki!.url,
    NODE_ENV: 'development',
    BROWSER: 'none',
    // The viewers all sign in as the one guest user: lift the per-user bound (429 past it) so
    // the figures measure coalescing, not the limiter.
    APP_CONFIG_monitoring_limits_perUserConcurrency: String(VIEWERS * 4),
    APP_CONFIG_monitoring_limits_globalConcurrency: String(VIEWERS * 4),
  };
  const backend = start('backend', path.join(logDir, 'backend.log'), env);
  const app = start('app', path.join(logDir, 'app.log'), env);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  const stop = async () => {
    await browser.close().catch(() => {});
    stopGroup(app);
    stopGroup(backend);
    await stack.stop();
  };
  try {
    // The incident: 6,000 lines in 10 minutes, ending 20 minutes ago (the workloads only log
    // from now on, so the window holds exactly these lines).
    const endMs = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const range = { start: endMs / 1000 - 600, end: endMs / 1000 };
    const labels = {
      namespace: FESTIVALS_NAMESPACE,
      app: SERVICE,
      pod: `${SERVICE}-bench`,
    };
    for (const [level, values] of incidentLines(
      endMs - 600_000,
      endMs,
      PUSHED,
    )) {
      const res = await fetch(`${stack.loki!.url}/loki/api/v1/push`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          streams: [{ stream: { ...labels, level }, values }],
        }),
      });
      if (res.status !== 204)
        throw new Error(`push answered ${res.status}: ${await res.text()}`);
    }

    await waitForHttp(`${BACKEND}/.backstage/health/v1/readiness`, 240_000);
    await waitForHttp(APP, 600_000);
    const token = (
      await (await fetch(`${BACKEND}/api/auth/guest/refresh`)).json()
    ).backstageIdentity.token as string;
    const headers = { Authorization: `Bearer ${token}` };

    const get = async (route: string, params: Record<string, string>) => {
      const r = await fetch(
        `${BACKEND}/api/monitoring/${route}?${new URLSearchParams(params)}`,
        { headers },
      );
      if (!r.ok)
        throw new Error(`backend answered ${r.status}: ${await r.text()}`);
      return r.json();
    };
    /** One viewer opening the tab: its first page and its volume chart, at once. */
    const viewer = (startS: number, endS: number) => {
      const params = {
        entityRef: ENTITY,
        view: 'all',
        start: String(startS),
        end: String(endS),
      };
      return Promise.all([
        get('logs', { ...params, limit: '1000' }),
        get('logs/volume', { ...params, maxDataPoints: '120' }),
      ]);
    };
    const lokiRequests = async () => {
      const text = await (
        await fetch(`${BACKEND}/api/monitoring/metrics`)
      ).text();
      return text
        .split('\n')
        .filter(
          l =>
            l.startsWith('monitoring_upstream_requests_total{') &&
            l.includes('upstream="loki"'),
        )
        .reduce((t, l) => t + Number(l.split(' ').pop()), 0);
    };

    // The catalog reads its locations after start-up.
    for (const deadline = Date.now() + 300_000; ; ) {
      const r = await fetch(
        `${BACKEND}/api/catalog/entities/by-name/component/default/${SERVICE}`,
        { headers },
      );
      if (r.ok) break;
      if (Date.now() > deadline)
        throw new Error(`${ENTITY} never reached the catalog`);
      await new Promise(resolve => setTimeout(resolve, 2000));
    }

    // Warm-up: the catalog entity, the level-source lookup, JIT; checks the pushed lines are there.
    const [warm] = await viewer(range.start, range.end);
    if (warm.lines.length !== 1000)
      throw new Error(`expected a full first page, got ${warm.lines.length}`);
    const all = await get('logs', {
      entityRef: ENTITY,
      view: 'all',
      start: String(range.start),
      end: String(range.end),
      limit: '5000',
    });
    if (all.lines.length !== 5000)
      throw new Error(`expected 5,000 lines, got ${all.lines.length}`);

    // (a) Rendering in Chromium: a fresh page per round (the app's bundle cached by then).
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    await measureRender(page, range, 1000); // warm-up: bundle, sign-in
    const first: Array<{ renderMs: number; domRows: number }> = [];
    const full: Array<{ renderMs: number; domRows: number }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      first.push(await measureRender(page, range, 1000));
      full.push(await measureRender(page, range, 5000));
    }

    // (b) One viewer vs 50 at once, each round a range no one asked before (the backend keeps
    // answers 5 s; shifted by whole seconds).
    const singleMs: number[] = [];
    const singleUpstream: number[] = [];
    const burstMs: number[] = [];
    const burstUpstream: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const s = range.start - 10 * (i + 1);
      let before = await lokiRequests();
      const [t] = await timed(() => viewer(s, range.end - 1));
      singleMs.push(t);
      singleUpstream.push((await lokiRequests()) - before);
      before = await lokiRequests();
      const latencies = await Promise.all(
        Array.from({ length: VIEWERS }, async () => {
          const [t1] = await timed(() => viewer(s, range.end - 2));
          return t1;
        }),
      );
      burstMs.push(...latencies);
      burstUpstream.push((await lokiRequests()) - before);
    }

    console.log(
      `\nFestivals Monitoring — Logs tab bench (${SERVICE}, ${PUSHED.toLocaleString(
        'en-US',
      )} lines pushed into the Loki-API stand-in over 10 min)`,
    );
    console.log(
      `CPU: ${os.cpus()[0].model} × ${os.cpus().length}, Node ${
        process.version
      }, Chromium ${browser.version()}\n`,
    );
    console.log(
      `(a) /logs response end → list painted in Chromium, ${ROUNDS} rounds`,
    );
    const firstMs = median(first.map(r => r.renderMs));
    const fullMs = median(full.map(r => r.renderMs));
    console.log(
      `    first page, 1,000 lines          median ${ms(firstMs)}  max ${ms(
        Math.max(...first.map(r => r.renderMs)),
      )}  rows in DOM ${Math.max(...first.map(r => r.domRows))}`,
    );
    console.log(
      `    5,000 lines in one page          median ${ms(fullMs)}  max ${ms(
        Math.max(...full.map(r => r.renderMs)),
      )}  rows in DOM ${Math.max(...full.map(r => r.domRows))}`,
    );
    console.log(
      `    ratio 5,000 / 1,000              ${(fullMs / firstMs).toFixed(2)}`,
    );
    console.log(
      `\n(b) ${VIEWERS} concurrent viewers, same entity and range (lines + volume), ${ROUNDS} rounds`,
    );
    console.log(
      `    upstream Loki requests, one viewer     median ${median(
        singleUpstream,
      )}`,
    );
    console.log(
      `    upstream Loki requests, ${VIEWERS} viewers   median ${median(
        burstUpstream,
      )}  (ratio ${(median(burstUpstream) / median(singleUpstream)).toFixed(
        2,
      )}; uncoalesced would be ${VIEWERS * median(singleUpstream)})`,
    );
    console.log(
      `    backend latency, one viewer            p50 ${ms(
        median(singleMs),
      )}  p95 ${ms(percentile(singleMs, 95))}`,
    );
    console.log(
      `    backend latency, ${VIEWERS} viewers          p50 ${ms(
        median(burstMs),
      )}  p95 ${ms(percentile(burstMs, 95))}  (p95 / single p50 ${(
        percentile(burstMs, 95) / median(singleMs)
      ).toFixed(2)})`,
    );
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
