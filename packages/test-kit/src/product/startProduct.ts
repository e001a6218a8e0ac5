import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import {
  freePort,
  repoRoot,
  startIncidentControl,
  startStack,
  waitForPrometheusValue,
  waitForHttp,
  type RunningIncidentControl,
  type RunningStack,
  type StackOptions,
} from '@internal/local-stack';
import { assertPortFree } from '../ports';
import { extraCatalogEnv, waitForEntities } from './catalog';

export interface RunningProduct {
  stack: RunningStack;
  appUrl: string;
  backendUrl: string;
  logDir: string;
  /** The incident replay's control (`./scripts/incident`'s server), when asked for. */
  incidents?: RunningIncidentControl;
  stop(): Promise<void>;
}

function yarnWorkspaceStart(
  workspace: string,
  logFile: string,
  env: NodeJS.ProcessEnv,
): ChildProcess {
  const root = repoRoot();
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(root, '.yarn/releases/yarn-4.13.0.cjs'),
      'workspace',
      workspace,
      'start',
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  fs.closeSync(out);
  return child;
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid)
    return;
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Resolves once nothing accepts connections on `port` any more: the yarn process exits before
 * the servers it started have closed their sockets, and the next product needs the port.
 */
async function waitForPortClosed(port: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await assertPortFree(port, '').then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Rejects when `child` exits before the product is ready, instead of waiting out a timeout. */
function exitAsError(child: ChildProcess, what: string, logFile: string) {
  return new Promise<never>((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(
          `${what} exited with code ${code} while starting\n${fs
            .readFileSync(logFile, 'utf8')
            .slice(-3000)}`,
        ),
      ),
    ),
  );
}

/** Readiness limits, generous for a cold 2-core machine that also runs other tests. */
const BACKEND_READY_MS = 300_000;
const APP_READY_MS = 420_000;
const CATALOG_READY_MS = 180_000;

function logTail(logDir: string, file: string): string {
  return `${file}:\n${fs
    .readFileSync(path.join(logDir, file), 'utf8')
    .slice(-3000)}`;
}

export interface ProductOptions {
  /** Extra environment for the backend and app, e.g. `APP_CONFIG_*` config overrides. */
  env?: Record<string, string>;
  /** Extra stack options (e.g. workloads with a raised error ratio, fast-firing rules). */
  stack?: Pick<StackOptions, 'workloads' | 'ruleFiles'>;
  /** Entities registered in the catalog besides the app-config ones (test-only entities). */
  entities?: Entity[];
  /** Entity refs (`kind:namespace/name`) the catalog must serve before the product counts as started. */
  waitForEntities?: string[];
  /**
   * Start the incident replay's control on a free port (`POST <url>/incident/<name>`), as
   * `./scripts/run` does; `rulesFile` is the loaded rule file it names each alert's `for` from.
   */
  incidents?: { rulesFile: string; fast: boolean };
}

/**
 * The product as a user runs it: the local stack (real Prometheus + Alertmanager + workload),
 * the Backstage backend on :7007 pointed at that Prometheus, and the app dev server on :3000.
 * The ports are fixed (the app's config names them), so one product runs at a time: the
 * browser tests start it once for all their suites.
 */
export async function startProduct(
  options: ProductOptions = {},
): Promise<RunningProduct> {
  for (const [port, what] of [
    [7007, 'backend'],
    [3000, 'app'],
  ] as const) {
    await assertPortFree(port, what).catch(e => {
      throw new Error(
        `${e.message}: stop the running app before the browser tests`,
      );
    });
  }
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-e2e-'));
  const stack = await startStack({
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    ...options.stack,
  });
  const children: ChildProcess[] = [];
  let incidents: RunningIncidentControl | undefined;
  const stop = async () => {
    await incidents?.close();
    for (const c of children) await killGroup(c);
    await waitForPortClosed(7007);
    await waitForPortClosed(3000);
    await stack.stop();
  };
  try {
    if (options.incidents)
      incidents = await startIncidentControl({
        port: await freePort(),
        stack,
        ...options.incidents,
      });
    const env = {
      PROMETHEUS_URL: stack.prometheus.url,
      ALERTMANAGER_URL: stack.alertmanager!.url,
      // The backend's monitoring.loki default reads it; the stand-in's port is free-picked here.
      ...(stack.loki ? { LOKI_URL: stack.loki.url } : {}),
      // The Kubernetes tab and the runbook diagnostics read the stack's Kubernetes API stand-in.
      ...(stack.kubernetes ? { KUBERNETES_API_URL: stack.kubernetes.url } : {}),
      NODE_ENV: 'development',
      BROWSER: 'none',
      NODE_OPTIONS: '--max-old-space-size=4096',
      ...extraCatalogEnv(options.entities ?? [], logDir),
      ...options.env,
    };
    const backendLog = path.join(logDir, 'backend.log');
    const appLog = path.join(logDir, 'app.log');
    const backend = yarnWorkspaceStart('backend', backendLog, env);
    children.push(backend);
    const app = yarnWorkspaceStart('app', appLog, env);
    children.push(app);
    const exited = Promise.race([
      exitAsError(backend, 'The backend', backendLog),
      exitAsError(app, 'The app dev server', appLog),
    ]);
    exited.catch(() => {}); // observed by the races below; after start-up an exit is stop()'s
    const backendUrl = 'http://localhost:7007';
    await Promise.race([
      exited,
      waitForHttp(
        `${backendUrl}/.backstage/health/v1/readiness`,
        BACKEND_READY_MS,
      ).catch(e => {
        throw new Error(`${e.message}\n${logTail(logDir, 'backend.log')}`);
      }),
    ]);
    await Promise.race([
      exited,
      waitForEntities(
        backendUrl,
        options.waitForEntities ?? [],
        CATALOG_READY_MS,
      ).catch(e => {
        throw new Error(`${e.message}\n${logTail(logDir, 'backend.log')}`);
      }),
    ]);
    await Promise.race([
      exited,
      waitForHttp('http://localhost:3000', APP_READY_MS).catch(e => {
        throw new Error(`${e.message}\n${logTail(logDir, 'app.log')}`);
      }),
    ]);
    // A minute of 1 s scrapes, so the default-range chart has several points at the backend's step.
    await waitForPrometheusValue(
      stack.prometheus.url,
      'count_over_time(up{job="festivals-api"}[5m])',
      60,
    );
    return {
      stack,
      appUrl: 'http://localhost:3000',
      backendUrl,
      logDir,
      incidents,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
