import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startClusterExporter,
  type RunningClusterExporter,
} from '../clusterExporter.ts';
import type { ClusterWorkload } from '../clusterMetrics.ts';
import { freePort } from '../net.ts';
import {
  startKubernetesStandIn,
  type RunningKubernetesStandIn,
} from './server.ts';

export const NAMESPACE = 'festivals-production';

/**
 * Test fixture: the cluster stand-in (kube-state-metrics/cAdvisor) and the Kubernetes API
 * stand-in reading its pods, as startStack wires them, with a workload log file for the api.
 */
export async function startFixture(
  workloads: ClusterWorkload[],
  options: { token?: string; apiLogLines?: string[] } = {},
): Promise<{
  exporter: RunningClusterExporter;
  api: RunningKubernetesStandIn;
  logFile: string;
  close(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-stand-in-'));
  const logFile = path.join(dir, 'festivals-api.log');
  fs.writeFileSync(
    logFile,
    (options.apiLogLines ?? []).map(l => `${l}\n`).join(''),
  );
  const exporter = await startClusterExporter({
    port: await freePort(),
    namespace: NAMESPACE,
    workloads,
  });
  const api = await startKubernetesStandIn({
    port: 0,
    source: { namespace: NAMESPACE, samples: exporter.samples },
    logFiles: { 'festivals-api': logFile },
    token: options.token,
  });
  return {
    exporter,
    api,
    logFile,
    close: async () => {
      await api.close();
      await exporter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pins `Date` (only: sockets and timers stay real) so restart counters move only when a test says. */
export function pinClock(): { advance(ms: number): void; now(): number } {
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
    now: Date.parse('2025-06-01T12:00:00Z'),
  });
  return {
    advance: ms => jest.setSystemTime(Date.now() + ms),
    now: () => Date.now(),
  };
}
