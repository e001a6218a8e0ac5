import { Registry } from 'prom-client';
import { createFestivalsMetrics } from './festivalsMetrics.ts';
import { simulateTick } from './simulation.ts';

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

describe('simulateTick', () => {
  it('writes one JSON log line per request in the seed’s log format', () => {
    const metrics = createFestivalsMetrics(new Registry());
    const lines: string[] = [];
    simulateTick(
      metrics,
      { pending: {} },
      {
        role: 'api',
        errorRatio: 0.2,
        requestsPerSecond: 50,
        latencyFactor: 1,
        random: seeded(1),
        log: l => lines.push(l),
      },
      1,
      new Date('2024-01-15T10:30:00Z'),
    );
    expect(lines.length).toBe(50);
    const entry = JSON.parse(lines[0]);
    // The fields of the seed's "Application Log Format".
    expect(Object.keys(entry).sort()).toEqual(
      [
        'time',
        'level',
        'msg',
        'method',
        'path',
        'status',
        'duration_ms',
        'user_id',
        'request_id',
        'trace_id',
      ].sort(),
    );
    expect(entry.time).toBe('2024-01-15T10:30:00.000Z');
    const errors = lines.map(l => JSON.parse(l)).filter(e => e.status >= 500);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.level).toBe('error');
  });

  it('produces the configured share of 5xx responses', async () => {
    const registry = new Registry();
    const metrics = createFestivalsMetrics(registry);
    const options = {
      role: 'api' as const,
      errorRatio: 0.1,
      requestsPerSecond: 1000,
      latencyFactor: 1,
      random: seeded(7),
    };
    for (let i = 0; i < 10; i++)
      simulateTick(metrics, { pending: {} }, options, 1);
    const values = (await metrics.httpRequests.get()).values;
    const total = values.reduce((s, v) => s + v.value, 0);
    const failed = values
      .filter(v => String(v.labels.status).startsWith('5'))
      .reduce((s, v) => s + v.value, 0);
    expect(total).toBe(10_000);
    expect(failed / total).toBeGreaterThan(0.08);
    expect(failed / total).toBeLessThan(0.12);
  });

  it('keeps queue depth equal to jobs arrived minus jobs finished', async () => {
    const metrics = createFestivalsMetrics(new Registry());
    const state = { pending: {} as Record<string, number> };
    const options = {
      role: 'worker' as const,
      errorRatio: 0,
      requestsPerSecond: 0,
      latencyFactor: 1,
      random: seeded(3),
    };
    for (let i = 0; i < 20; i++) simulateTick(metrics, state, options, 1);
    const pending = (await metrics.queuePending.get()).values;
    const done = (await metrics.queueJobs.get()).values;
    for (const queue of ['emails', 'ticket-pdf', 'payouts']) {
      const depth = pending.find(v => v.labels.queue === queue)!.value;
      expect(depth).toBe(state.pending[queue]);
      expect(depth).toBeGreaterThanOrEqual(0);
      expect(done.some(v => v.labels.queue === queue)).toBe(true);
    }
  });

  it('sells no tickets while every payment fails, the series still there to show zero sales', async () => {
    const metrics = createFestivalsMetrics(new Registry());
    const options = {
      role: 'api' as const,
      errorRatio: 0,
      requestsPerSecond: 500,
      latencyFactor: 1,
      paymentFailureRatio: 1,
      random: seeded(5),
    };
    for (let i = 0; i < 5; i++)
      simulateTick(metrics, { pending: {} }, options, 1);
    const payments = (await metrics.paymentTransactions.get()).values;
    expect(payments.map(v => v.labels.status)).toEqual(['failed']);
    expect(payments[0].value).toBeGreaterThan(50);
    const tickets = (await metrics.ticketsSold.get()).values;
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.reduce((sum, v) => sum + v.value, 0)).toBe(0);
  });

  it('a stalled worker completes nothing while jobs keep arriving', async () => {
    const metrics = createFestivalsMetrics(new Registry());
    const state = { pending: { emails: 5 } as Record<string, number> };
    const options = {
      role: 'worker' as const,
      errorRatio: 0,
      requestsPerSecond: 0,
      latencyFactor: 1,
      queuesStalled: true,
      random: seeded(9),
    };
    for (let i = 0; i < 20; i++) simulateTick(metrics, state, options, 1);
    const jobs = (await metrics.queueJobs.get()).values;
    expect(
      jobs.map(v => [v.labels.queue, v.labels.status, v.value]).sort(),
    ).toEqual([
      ['emails', 'completed', 0],
      ['payouts', 'completed', 0],
      ['ticket-pdf', 'completed', 0],
    ]);
    expect(state.pending.emails).toBeGreaterThan(5 + 20);
  });
});
