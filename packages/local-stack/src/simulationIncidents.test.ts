import { Registry } from 'prom-client';
import { createFestivalsMetrics } from './festivalsMetrics.ts';
import { simulateTick, type SimulationOptions } from './simulation.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ten seconds of traffic with these knobs; the registry's values after it. */
async function run(
  knobs: Partial<SimulationOptions>,
  role: 'api' | 'worker' = 'api',
) {
  const registry = new Registry();
  const metrics = createFestivalsMetrics(registry);
  const lines: string[] = [];
  const state = { pending: { emails: 0 } as Record<string, number> };
  const random = seeded(7);
  for (let i = 0; i < 10; i++)
    simulateTick(
      metrics,
      state,
      {
        role,
        errorRatio: 0,
        requestsPerSecond: 25,
        latencyFactor: 1,
        random,
        log: l => lines.push(l),
        ...knobs,
      },
      1,
    );
  const json = await registry.getMetricsAsJSON();
  const values = (name: string) =>
    (json.find(m => m.name === name)?.values ?? []) as Array<{
      value: number;
      labels: Record<string, string | number>;
      metricName?: string;
    }>;
  /** Mean of a histogram (sum / count). */
  const mean = (name: string) => {
    const v = values(name);
    const sum = v.find(x => x.metricName === `${name}_sum`)!.value;
    const count = v.find(x => x.metricName === `${name}_count`)!.value;
    return sum / count;
  };
  const total = (name: string, labels: Record<string, string> = {}) =>
    values(name)
      .filter(v => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
      .reduce((s, v) => s + v.value, 0);
  return { lines, mean, total, state };
}

describe('simulateTick under incident knobs', () => {
  it('slows requests without slowing queries when queryLatencyFactor is set apart', async () => {
    const normal = await run({});
    const slow = await run({ latencyFactor: 15, queryLatencyFactor: 1 });
    expect(slow.mean('http_request_duration_seconds')).toBeCloseTo(
      normal.mean('http_request_duration_seconds') * 15,
    );
    expect(slow.mean('db_query_duration_seconds')).toBeCloseTo(
      normal.mean('db_query_duration_seconds'),
    );
    // Without it, a slow dependency slows the queries too (what earlier stacks relied on).
    const both = await run({ latencyFactor: 15 });
    expect(both.mean('db_query_duration_seconds')).toBeCloseTo(
      normal.mean('db_query_duration_seconds') * 15,
    );
  });

  it('holds the pool share dbPoolInUse asks for', async () => {
    const leak = await run({ dbPoolInUse: 0.95 });
    expect(leak.total('db_connections_active')).toBe(19);
    expect((await run({})).total('db_connections_active')).toBeLessThan(16);
  });

  it('sells no ticket when sales stop, with purchases succeeding and no payment failing', async () => {
    const stopped = await run({ ticketSalesStopped: true });
    expect(stopped.total('tickets_sold_total')).toBe(0);
    expect(stopped.total('payment_transactions_total')).toBe(0);
    expect(
      stopped.total('http_requests_total', {
        path: '/api/tickets/purchase',
        status: '201',
      }),
    ).toBeGreaterThan(0);
    expect((await run({})).total('tickets_sold_total')).toBeGreaterThan(0);
  });

  it('logs OOM lines at level error when out of memory, and none otherwise', async () => {
    const oom = (await run({ outOfMemory: true })).lines
      .map(l => JSON.parse(l))
      .filter(e => /memory|oom/i.test(JSON.stringify(e)));
    expect(oom).toHaveLength(10);
    for (const e of oom) {
      expect(e.level).toBe('error');
      expect(e.msg).toContain('java.lang.OutOfMemoryError');
    }
    expect(
      (await run({})).lines.filter(l => /memory|oom/i.test(l)),
    ).toHaveLength(0);
  });

  it('lets jobs pile up faster with a higher queue inflow', async () => {
    const stalled = { queuesStalled: true };
    const usual = (await run(stalled, 'worker')).state.pending.emails;
    const flood = (await run({ ...stalled, queueInflowFactor: 3 }, 'worker'))
      .state.pending.emails;
    expect(flood).toBeGreaterThan(usual * 2);
  });
});
