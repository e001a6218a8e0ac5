import fs from 'node:fs';
import { startStack, type RunningStack } from '../stack.ts';

// A whole local stack (workload processes, real Prometheus): slow on a loaded 2-core machine.
jest.setTimeout(120_000);

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('the Kubernetes API stand-in in the local stack', () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startStack({ withAlertmanager: false, withLoki: false });
  });
  afterAll(() => stack?.stop());

  const api = (path: string) =>
    fetch(
      `${stack.kubernetes!.url}/api/v1/namespaces/festivals-production${path}`,
    );

  it("describes the cluster stand-in's pods and serves the workload's own log lines", async () => {
    const pods = await (await api('/pods')).json();
    expect(pods.items.map((p: any) => p.metadata.name).sort()).toEqual(
      stack.cluster.pods.map(p => p.pod).sort(),
    );
    const first = stack.cluster.pods.find(p => p.service === 'festivals-api')!;
    const logFile = stack.workloads.find(
      w => w.service === 'festivals-api',
    )!.logFile;
    const line = await until('a workload log line', async () => {
      const text = await (
        await api(`/pods/${first.pod}/log?tailLines=1`)
      ).text();
      return text.trim() ? text.trim() : undefined;
    });
    expect(JSON.parse(line).msg).toMatch(/^Request (completed|failed)$/);
    expect(fs.readFileSync(logFile, 'utf8')).toContain(line);
  });

  it('follows knobs turned on the cluster stand-in (as an incident replay will): restarts, OOMKilled, events', async () => {
    stack.cluster.update('festivals-api', {
      memoryRatio: 0.97,
      restartsPerMinute: 120,
    });
    const pod = stack.cluster.pods.find(p => p.service === 'festivals-api')!;
    const status = await until('a restart', async () => {
      const body = await (await api(`/pods/${pod.pod}`)).json();
      const s = body.status.containerStatuses[0];
      return s.restartCount > 0 ? s : undefined;
    });
    expect(status.lastState.terminated.reason).toBe('OOMKilled');
    const events = await (
      await api(
        `/events?fieldSelector=${encodeURIComponent(
          `involvedObject.name=${pod.pod},reason=OOMKilling`,
        )}`,
      )
    ).json();
    expect(events.items).toHaveLength(1);
    expect(events.items[0].count).toBeGreaterThanOrEqual(1);
  });
});
