import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../net.ts';
import { shortenedFestivalsRulesFile } from '../fastRules.ts';
import { startStack, type RunningStack } from '../stack.ts';
import {
  startIncidentControl,
  type RunningIncidentControl,
} from './control.ts';

// One whole stack (workloads, real Prometheus, Loki and Kubernetes stand-ins) for every scenario:
// each one waits for a real alert to fire and clear, slow on a loaded 2-core machine.
jest.setTimeout(240_000);

const DEADLINE_MS = 180_000;

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${DEADLINE_MS} ms waiting for ${what}${
          last ? ` (${last})` : ''
        }`,
      );
    await new Promise(r => setTimeout(r, 1000));
  }
}

let stack: RunningStack;
let control: RunningIncidentControl;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-test-'));
  const rulesFile = shortenedFestivalsRulesFile({
    dir,
    for: '5s',
    window: '30s',
  });
  stack = await startStack({
    ruleFiles: [rulesFile],
    scrapeInterval: '2s',
    evaluationInterval: '2s',
    withAlertmanager: false,
    dataDir: dir,
  });
  control = await startIncidentControl({
    port: await freePort(),
    stack,
    rulesFile,
    fast: true,
  });
});

afterAll(async () => {
  await control?.close();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = async (name: string) => {
  const res = await fetch(`${control.url}/incident/${name}`, {
    method: 'POST',
  });
  return { status: res.status, body: await res.json() };
};

/** The alert's states in Prometheus now, for festivals-api alerts ('firing', 'pending'). */
async function alertStates(alert: string, service: string): Promise<string[]> {
  const body = await (
    await fetch(`${stack.prometheus.url}/api/v1/alerts`)
  ).json();
  return body.data.alerts
    .filter(
      (a: any) => a.labels.alertname === alert && a.labels.service === service,
    )
    .map((a: any) => a.state);
}

const firing = (alert: string, service = 'festivals-api') =>
  until(`${alert} firing in Prometheus`, async () =>
    (await alertStates(alert, service)).includes('firing') ? true : undefined,
  );

const cleared = (alert: string, service = 'festivals-api') =>
  until(`${alert} to clear in Prometheus`, async () =>
    (await alertStates(alert, service)).length === 0 ? true : undefined,
  );

async function recover() {
  const { status, body } = await post('recover');
  expect(status).toBe(200);
  return body;
}

describe('incident replay on the local stack', () => {
  it('lists the incidents with their alert and the loaded `for`', async () => {
    const body = await (await fetch(`${control.url}/incident`)).json();
    expect(body.fast).toBe(true);
    expect(body.active).toEqual([]);
    const oom = body.incidents.find((i: any) => i.name === 'oom');
    expect(oom).toMatchObject({ alert: 'FestivalsHighMemory', for: '5s' });
    expect(body.incidents.map((i: any) => i.name)).toEqual(
      expect.arrayContaining(['api-down', '5xx', 'no-sales', 'queue-stuck']),
    );
  });

  it('names the known incidents for an unknown one', async () => {
    const { status, body } = await post('meteor-strike');
    expect(status).toBe(404);
    expect(body.error).toMatch(/unknown incident "meteor-strike".*oom/);
  });

  it('5xx fires FestivalsHighErrorRate; recover clears it', async () => {
    const { status, body } = await post('5xx');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      alert: 'FestivalsHighErrorRate',
      changed: { workloads: { 'festivals-api': { errorRatio: 0.25 } } },
    });
    await firing('FestivalsHighErrorRate');
    const state = await (await fetch(`${control.url}/incident`)).json();
    expect(state.active.map((a: any) => a.name)).toEqual(['5xx']);
    expect((await recover()).cleared).toEqual(['5xx']);
    await cleared('FestivalsHighErrorRate');
  });

  it('oom fires FestivalsHighMemory, pods restart OOMKilled, OOM lines reach Loki; recover clears it', async () => {
    const from = BigInt(Date.now()) * 1_000_000n;
    expect((await post('oom')).status).toBe(200);
    await firing('FestivalsHighMemory');

    const api = stack.cluster.pods.find(p => p.service === 'festivals-api')!;
    const status = await until('an OOMKilled restart', async () => {
      const pod = await (
        await fetch(
          `${
            stack.kubernetes!.url
          }/api/v1/namespaces/festivals-production/pods/${api.pod}`,
        )
      ).json();
      const s = pod.status.containerStatuses[0];
      return s.restartCount > 0 ? s : undefined;
    });
    expect(status.lastState.terminated).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });

    const line = await until('an OOM line in the Loki stand-in', async () => {
      const params = new URLSearchParams({
        query: '{app="festivals-api"} |~ "(?i)memory|oom"',
        start: String(from),
        end: String(BigInt(Date.now() + 60_000) * 1_000_000n),
        limit: '10',
      });
      const data = (
        await (
          await fetch(`${stack.loki!.url}/loki/api/v1/query_range?${params}`)
        ).json()
      ).data;
      return data.result[0]?.values[0]?.[1] as string | undefined;
    });
    expect(JSON.parse(line)).toMatchObject({
      level: 'error',
      msg: expect.stringContaining('java.lang.OutOfMemoryError'),
    });

    await recover();
    await cleared('FestivalsHighMemory');
  });

  it('api-down fires FestivalsAPIDown (its target is down, pods in CrashLoopBackOff); recover brings it back', async () => {
    expect((await post('api-down')).status).toBe(200);
    const api = stack.workloads.find(w => w.service === 'festivals-api')!;
    expect((await fetch(`${api.url}/metrics`)).status).toBe(503);
    const pod = stack.cluster.pods.find(p => p.service === 'festivals-api')!;
    const body = await (
      await fetch(
        `${stack.kubernetes!.url}/api/v1/namespaces/festivals-production/pods/${
          pod.pod
        }`,
      )
    ).json();
    expect(body.status.containerStatuses[0].state.waiting.reason).toBe(
      'CrashLoopBackOff',
    );
    // FestivalsAPIDown's `up{job="festivals-api"}` carries the target's service label.
    await firing('FestivalsAPIDown');

    await recover();
    expect((await fetch(`${api.url}/metrics`)).status).toBe(200);
    await cleared('FestivalsAPIDown');
  });
});
