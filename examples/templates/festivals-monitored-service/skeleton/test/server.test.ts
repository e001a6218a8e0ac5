import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/logger.ts';
import { startService, type RunningService } from '../src/server.ts';

// The metric names and labels the platform's dashboards and alert rules read (monitoring guide).
const SEED_METRICS = [
  'http_requests_total',
  'http_request_duration_seconds',
  'http_requests_in_flight',
  'db_connections_total',
  'db_connections_active',
  'db_query_duration_seconds',
  'redis_commands_total',
  'redis_command_duration_seconds',
  'queue_jobs_total',
  'queue_job_duration_seconds',
  'queue_jobs_pending',
  'tickets_sold_total',
  'wallet_transactions_total',
  'active_users_total',
  'payment_transactions_total',
];

describe('${{ values.name }}', () => {
  const lines: string[] = [];
  let service: RunningService;

  before(async () => {
    service = await startService({
      port: 0,
      metricsPort: 0,
      metricsPath: '${{ values.metricsPath }}',
      host: '127.0.0.1',
      log: createLogger(line => lines.push(line)),
    });
  });
  after(() => service.close());

  it('answers its API and counts the request with the platform labels', async () => {
    const res = await fetch(`${service.url}/api/hello`, {
      headers: { 'x-request-id': 'abc-123' },
    });
    assert.equal(res.status, 200);
    const text = await (await fetch(service.metricsUrl)).text();
    assert.match(
      text,
      /^http_requests_total\{method="GET",path="\/api\/hello",status="200"\} 1$/m,
    );
    assert.match(
      text,
      /^http_request_duration_seconds_count\{method="GET",path="\/api\/hello"\} 1$/m,
    );
  });

  it('exposes every platform metric on the metrics path', async () => {
    const text = await (await fetch(service.metricsUrl)).text();
    const declared = [...text.matchAll(/^# TYPE (\S+) /gm)].map(m => m[1]);
    for (const name of SEED_METRICS) assert.ok(declared.includes(name), name);
  });

  it('labels unknown routes as unmatched, so paths stay bounded', async () => {
    const res = await fetch(`${service.url}/no/such/page/42`);
    assert.equal(res.status, 404);
    const text = await (await fetch(service.metricsUrl)).text();
    assert.match(text, /http_requests_total\{method="GET",path="unmatched",status="404"\} 1/);
  });

  it('logs each request as one JSON line in the platform format', async () => {
    await fetch(`${service.url}/healthz`, { headers: { 'x-request-id': 'req-7' } });
    const entry = lines
      .map(l => JSON.parse(l))
      .find(e => e.request_id === 'req-7');
    assert.ok(entry, 'request logged');
    assert.equal(entry.level, 'info');
    assert.equal(entry.msg, 'Request completed');
    assert.equal(entry.method, 'GET');
    assert.equal(entry.path, '/healthz');
    assert.equal(entry.status, 200);
    assert.equal(typeof entry.duration_ms, 'number');
    assert.ok(!Number.isNaN(Date.parse(entry.time)), 'RFC 3339 time');
    // Anonymous: the field is there, empty; without tracing there is no span, so no trace_id.
    assert.equal(entry.user_id, null);
    assert.equal('trace_id' in entry, false);
  });
});
