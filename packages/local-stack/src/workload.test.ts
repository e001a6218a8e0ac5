import { freePort } from './net.ts';
import { startWorkload } from './workload.ts';

// The seed's application metrics (docs/monitoring-guide.md, "Application Metrics") with their labels;
// payment_transactions_total is read by the seed's FestivalsPaymentFailureHigh rule.
const SEED_METRICS: Record<string, string[]> = {
  http_requests_total: ['method', 'path', 'status'],
  http_request_duration_seconds: ['method', 'path'],
  http_requests_in_flight: [],
  db_connections_total: [],
  db_connections_active: [],
  db_query_duration_seconds: ['query'],
  redis_commands_total: ['command'],
  redis_command_duration_seconds: ['command'],
  tickets_sold_total: ['festival_id', 'ticket_type'],
  wallet_transactions_total: ['type'],
  active_users_total: [],
  payment_transactions_total: ['status'],
};
const SEED_QUEUE_METRICS: Record<string, string[]> = {
  queue_jobs_total: ['queue', 'status'],
  queue_job_duration_seconds: ['queue'],
  queue_jobs_pending: ['queue'],
};

/** Metric family name → label names seen, from the text exposition format. */
function families(text: string): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? /.exec(line);
    if (!m) continue;
    const name = m[1].replace(/_(bucket|sum|count)$/, '');
    const labels = out[name] ?? (out[name] = new Set());
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const key = pair.split('=')[0];
      if (key !== 'le') labels.add(key);
    }
  }
  return out;
}

async function scrape(role: 'api' | 'worker') {
  const workload = await startWorkload({
    service: `festivals-${role}`,
    role,
    port: await freePort(),
    tickMs: 250,
    requestsPerSecond: 200,
    errorRatio: 0.1,
  });
  try {
    await new Promise(r => setTimeout(r, 1000));
    const res = await fetch(`${workload.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    return await res.text();
  } finally {
    await workload.close();
  }
}

describe('synthetic workload', () => {
  it('the API process exposes the seed’s application metrics with the seed’s labels', async () => {
    const seen = families(await scrape('api'));
    for (const [name, labels] of Object.entries(SEED_METRICS)) {
      expect([name, [...(seen[name] ?? [])].sort()]).toEqual([
        name,
        [...labels].sort(),
      ]);
    }
    // A share of requests fail with 5xx, so error panels and alerts have something to show.
    const text = await scrape('api');
    expect(text).toMatch(
      /http_requests_total\{[^}]*status="5\d\d"[^}]*\} [1-9]/,
    );
  });

  it('the worker process exposes the seed’s queue metrics', async () => {
    const seen = families(await scrape('worker'));
    for (const [name, labels] of Object.entries(SEED_QUEUE_METRICS)) {
      expect([name, [...(seen[name] ?? [])].sort()]).toEqual([
        name,
        [...labels].sort(),
      ]);
    }
  });
});
