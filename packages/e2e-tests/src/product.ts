import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  repoRoot,
  startStack,
  waitForPrometheusValue,
  waitForHttp,
  type RunningStack,
} from '@internal/local-stack';

export interface RunningProduct {
  stack: RunningStack;
  appUrl: string;
  backendUrl: string;
  logDir: string;
  stop(): Promise<void>;
}

async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      reject(
        new Error(
          `Port ${port} (${what}) is already in use: stop the running app before the browser tests`,
        ),
      );
    });
    socket.once('error', () => resolve());
  });
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
 * The product as a user runs it: the local stack (real Prometheus + Alertmanager + workload),
 * the Backstage backend on :7007 pointed at that Prometheus, and the app dev server on :3000.
 */
export async function startProduct(): Promise<RunningProduct> {
  await assertPortFree(7007, 'backend');
  await assertPortFree(3000, 'app');
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-e2e-'));
  const stack = await startStack({
    scrapeInterval: '1s',
    evaluationInterval: '1s',
  });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children) await killGroup(c);
    await stack.stop();
  };
  try {
    const env = {
      PROMETHEUS_URL: stack.prometheus.url,
      NODE_ENV: 'development',
      BROWSER: 'none',
      NODE_OPTIONS: '--max-old-space-size=4096',
    };
    children.push(
      yarnWorkspaceStart('backend', path.join(logDir, 'backend.log'), env),
    );
    children.push(yarnWorkspaceStart('app', path.join(logDir, 'app.log'), env));
    await waitForHttp(
      'http://localhost:7007/.backstage/health/v1/readiness',
      180_000,
    ).catch(e => {
      throw new Error(
        `${e.message}\nbackend log:\n${fs
          .readFileSync(path.join(logDir, 'backend.log'), 'utf8')
          .slice(-3000)}`,
      );
    });
    await waitForHttp('http://localhost:3000', 240_000).catch(e => {
      throw new Error(
        `${e.message}\napp log:\n${fs
          .readFileSync(path.join(logDir, 'app.log'), 'utf8')
          .slice(-3000)}`,
      );
    });
    // A minute of 1 s scrapes, so the default-range chart has several points at the backend's step.
    await waitForPrometheusValue(
      stack.prometheus.url,
      'count_over_time(up{job="festivals-api"}[5m])',
      60,
    );
    return {
      stack,
      appUrl: 'http://localhost:3000',
      backendUrl: 'http://localhost:7007',
      logDir,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
