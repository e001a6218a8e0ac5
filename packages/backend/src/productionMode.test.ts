import { closedPort, freePort } from '@internal/test-kit';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

// The production-mode run (`./scripts/run --production`) is this very entry point under
// NODE_ENV=production: Backstage's error handler puts a stack trace in error bodies only in
// development. Started from source through the Backstage CLI's node transform, as
// `backstage-cli package start` does: a full `backstage-cli package build` of backend and app takes
// minutes and gigabytes, and NODE_ENV, not the build, decides the error bodies. The same request
// in development shows the stack, so the check is not vacuous.

const repoRoot = path.resolve(__dirname, '../../..');
const backendDir = path.resolve(__dirname, '..');

async function startBackend(nodeEnv: 'production' | 'development') {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
    ],
    {
      cwd: backendDir,
      env: {
        ...process.env,
        NODE_ENV: nodeEnv,
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(port),
        // Nothing to read: this test needs the HTTP stack only.
        APP_CONFIG_catalog_locations: '[]',
        PROMETHEUS_URL: `http://127.0.0.1:${await closedPort()}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', d => output.push(String(d)));
  child.stderr!.on('data', d => output.push(String(d)));
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`The backend exited:\n${output.join('').slice(-3000)}`);
    }
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The backend never got ready:\n${output.join('').slice(-3000)}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    baseUrl,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** An error the plugin's API answers (no token: 401), as the browser would receive it. */
async function errorBody(baseUrl: string) {
  const res = await fetch(
    `${baseUrl}/api/monitoring/panels?entityRef=component:default/festivals-api&start=0&end=60`,
  );
  expect(res.status).toBe(401);
  return res.json();
}

describe('production mode', () => {
  it('answers errors without a stack trace (development shows one)', async () => {
    const production = await startBackend('production');
    try {
      const body = await errorBody(production.baseUrl);
      expect(body.error.name).toBe('AuthenticationError');
      expect(body.error.message).toBeTruthy();
      expect(body.error).not.toHaveProperty('stack');
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
    } finally {
      await production.stop();
    }

    const development = await startBackend('development');
    try {
      const body = await errorBody(development.baseUrl);
      expect(body.error.stack).toMatch(/\n\s+at /);
    } finally {
      await development.stop();
    }
  }, 400_000);
});
