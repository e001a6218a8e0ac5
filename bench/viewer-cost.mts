/**
 * Backend CPU per viewer in a 200-viewer burst, read from /proc (utime + stime of the backend's
 * process tree), for a page whose Prometheus answers are already cached against a bare
 * `/.backstage/health/v1/liveness` (Backstage's per-request stack and nothing else), and each
 * burst's p50/p95. Quicker than the full bench (about 45 s) for trying a change to the stack.
 * Run: node --experimental-transform-types bench/viewer-cost.mts
 * `COST_TOKEN_CACHE=false`: without the verified-token cache; `COST_ROUNDS=<n>` (default 4; the
 * first round warms the JIT); `BENCH_CPU_PROF=<dir>`: a V8 CPU profile of the backend.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  repoRoot,
  startStack,
  waitForHttp,
} from '../packages/local-stack/src/index.ts';
import { median, percentile } from './stats.mts';

const VIEWERS = 200;
const ENTITY = 'component:default/festivals-api';

function treeCpuMs(rootPid: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      cpu.set(Number(d), Number(f[11]) + Number(f[12]));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop()!;
    total += cpu.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return (total * 1000) / 100;
}

async function main() {
  const PORT = await freePort();
  const BACKEND = `http://localhost:${PORT}`;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-cost-'));
  const stack = await startStack({
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    dataDir: path.join(logDir, 'stack'),
  });
  const out = fs.openSync(path.join(logDir, 'backend.log'), 'a');
  console.log('log', logDir);
  const backend = spawn(
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
        NODE_ENV: process.env.COST_NODE_ENV ?? 'development',
        APP_CONFIG_backend_listen_port: String(PORT),
        APP_CONFIG_backend_baseUrl: BACKEND,
        ...(process.env.BENCH_CPU_PROF
          ? {
              NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
            }
          : {}),
        ...(process.env.COST_TOKEN_CACHE
          ? {
              APP_CONFIG_backend_auth_verifiedUserTokenCache:
                process.env.COST_TOKEN_CACHE,
            }
          : {}),
        APP_CONFIG_monitoring_limits_perUserConcurrency: String(VIEWERS * 2),
        APP_CONFIG_monitoring_limits_globalConcurrency: String(VIEWERS * 2),
      },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  try {
    backend.once('exit', () => {
      console.log('backend exited');
      process.exit(1);
    });
    await waitForHttp(`${BACKEND}/.backstage/health/v1/readiness`, 240_000);
    await new Promise(r => setTimeout(r, 5000));
    const token = (
      await (await fetch(`${BACKEND}/api/auth/guest/refresh`)).json()
    ).backstageIdentity.token as string;
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const get = (p: string, auth = true) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        http
          .get(
            `${BACKEND}${p}`,
            {
              agent,
              headers: {
                ...(auth ? { Authorization: `Bearer ${token}` } : {}),
                'Accept-Encoding': 'gzip',
              },
            },
            res => {
              if (res.statusCode !== 200)
                reject(new Error(`${p} ${res.statusCode}`));
              res.resume();
              res.on('end', () => resolve(performance.now() - t0));
            },
          )
          .on('error', reject);
      });
    const now = Math.floor(Date.now() / 1000);
    const panels = (end: number) =>
      `/api/monitoring/panels?${new URLSearchParams({
        entityRef: ENTITY,
        start: String(end - 3600),
        end: String(end),
        maxDataPoints: '600',
      })}`;
    const pid = backend.pid!;
    const burst = async (
      label: string,
      p: (i: number) => string,
      auth = true,
    ) => {
      const c0 = treeCpuMs(pid);
      const t0 = performance.now();
      const lat = await Promise.all(
        Array.from({ length: VIEWERS }, (_, i) => get(p(i), auth)),
      );
      const wall = performance.now() - t0;
      await new Promise(r => setTimeout(r, 300));
      const c1 = treeCpuMs(pid);
      console.log(
        `${label.padEnd(28)} cpu/viewer ${((c1 - c0) / VIEWERS).toFixed(
          2,
        )} ms  wall ${wall.toFixed(0)} ms  p50 ${median(lat).toFixed(
          0,
        )} p95 ${percentile(lat, 95).toFixed(0)}`,
      );
    };
    const ROUNDS = Number(process.env.COST_ROUNDS ?? 4);
    for (let i = 0; i < 3; i++) await get(panels(now - 600 - i));
    for (let r = 0; r < ROUNDS; r++) {
      const end = now - 1200 - 60 * r;
      await get(panels(end)); // Prometheus answers cached; the burst reuses them
      await new Promise(res => setTimeout(res, 1200));
      await burst('panels (cached queries)', () => panels(end));
      await burst('liveness', () => '/.backstage/health/v1/liveness', false);
    }
  } finally {
    const exited = new Promise(resolve => {
      backend.once('exit', resolve);
      setTimeout(resolve, 20_000).unref();
    });
    backend.removeAllListeners('exit');
    try {
      process.kill(-backend.pid!, 'SIGTERM');
      await exited;
    } catch {}
    await stack.stop();
  }
}
main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
