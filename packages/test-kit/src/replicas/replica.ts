import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, waitForHttp } from '@internal/local-stack';

export interface Replica {
  name: string;
  url: string;
  /** SIGTERM, as an orchestrator stops a pod; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<number | null>;
}

export interface ReplicaOptions {
  name: string;
  port: number;
  /** Environment: config overrides (`APP_CONFIG_*`) shared by every replica. */
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs: number;
}

/**
 * One replica of the product's backend (`packages/backend`, the app's own plugins and config),
 * started by the Backstage CLI as `yarn workspace backend start` does, on its own port. The
 * CLI forwards SIGTERM to the backend and waits for it, so a stop runs Backstage's own graceful
 * shutdown (readiness 503, `backend.lifecycle.serverShutdownDelay`, then close).
 */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const root = repoRoot();
  const out = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/@backstage/cli/bin/backstage-cli'),
      'package',
      'start',
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ...options.env,
        APP_CONFIG_backend_listen_port: String(options.port),
        APP_CONFIG_backend_listen_host: '127.0.0.1',
      },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  fs.closeSync(out);
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const forced = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 30_000);
    await exited;
    clearTimeout(forced);
  };
  const logTail = () =>
    fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n');
  try {
    await Promise.race([
      waitForHttp(
        `${url}/.backstage/health/v1/readiness`,
        options.readyTimeoutMs,
      ),
      exited.then(code => {
        throw new Error(`exited with code ${code} while starting`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw new Error(
      `Backend replica ${options.name} did not become ready: ${
        (e as Error).message
      }\n${logTail()}`,
    );
  }
  return { name: options.name, url, stop, exited };
}
