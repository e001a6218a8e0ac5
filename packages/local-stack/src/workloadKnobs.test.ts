import { freePort } from './net.ts';
import { startWorkload, type RunningWorkload } from './workload.ts';

describe('a workload process turned at runtime (POST /knobs)', () => {
  let workload: RunningWorkload;
  beforeAll(async () => {
    workload = await startWorkload({
      service: 'festivals-worker',
      role: 'worker',
      port: await freePort(),
      tickMs: 60_000,
    });
  });
  afterAll(() => workload?.close());

  const post = (path: string, body?: unknown) =>
    fetch(`${workload.url}${path}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('changes only the named knobs and sets a backlog once', async () => {
    const res = await post('/knobs', {
      queuesStalled: true,
      queueBacklog: 1500,
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.knobs).toMatchObject({ queuesStalled: true, errorRatio: 0.02 });
    expect(body.pending).toEqual({
      emails: 1500,
      'ticket-pdf': 1500,
      payouts: 1500,
    });
  });

  it('answers 400 naming a bad or unknown knob', async () => {
    const bad = await post('/knobs', { errorRatio: 2 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(
      /errorRatio: expected a number from 0 to 1/,
    );
    const unknown = await post('/knobs', { cpu: 1 });
    expect((await unknown.json()).error).toMatch(/cpu: unknown knob/);
  });

  it('goes down (503 on /metrics) and back with a reset', async () => {
    await post('/knobs', { down: true });
    expect((await fetch(`${workload.url}/metrics`)).status).toBe(503);
    const reset = await (await post('/knobs/reset')).json();
    expect(reset.knobs).toMatchObject({ down: false, errorRatio: 0.02 });
    expect(reset.knobs.queuesStalled).toBeFalsy();
    expect(reset.pending).toEqual({ emails: 20, 'ticket-pdf': 10, payouts: 5 });
    expect((await fetch(`${workload.url}/metrics`)).status).toBe(200);
  });
});
