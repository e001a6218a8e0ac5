import { freePort } from '../net.ts';
import { startLokiStandIn, type RunningLokiStandIn } from './server.ts';

// Contract: docs/sources/reference/loki-http-api.md (push, query_range, labels, label values).
const NS = 1_000_000_000n;
const T0 = 1_700_000_000n; // unix seconds
const ns = (s: bigint) => (s * NS).toString();

let loki: RunningLokiStandIn;
let pushStatus: number;

beforeAll(async () => {
  loki = await startLokiStandIn({ port: await freePort(), maxAgeMs: 1e13 });
  const line = (level: string, duration: number, user: string) =>
    JSON.stringify({
      level,
      msg: 'Request completed',
      duration_ms: duration,
      user_id: user,
    });
  const res = await fetch(`${loki.url}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      streams: [
        {
          stream: {
            namespace: 'festivals-production',
            app: 'festivals-api',
            level: 'info',
          },
          values: [
            [ns(T0 + 1n), line('info', 40, '111')],
            [ns(T0 + 3n), line('info', 1500, '222')],
          ],
        },
        {
          stream: {
            namespace: 'festivals-production',
            app: 'festivals-api',
            level: 'error',
          },
          values: [[ns(T0 + 2n), line('error', 30, '333')]],
        },
        {
          stream: {
            namespace: 'festivals-production',
            app: 'festivals-worker',
            level: 'error',
          },
          values: [
            [ns(T0 + 4n), 'Job failed in queue emails'],
            [ns(T0 + 5n), 'Job failed in queue payouts'],
          ],
        },
        {
          stream: { namespace: 'other', app: 'x', level: 'info' },
          values: [[ns(T0 + 2n), 'elsewhere']],
        },
      ],
    }),
  });
  pushStatus = res.status;
});
afterAll(() => loki.close());

async function get(path: string, params: Record<string, string>) {
  const res = await fetch(`${loki.url}${path}?${new URLSearchParams(params)}`);
  return { status: res.status, text: await res.text() };
}
async function queryRange(params: Record<string, string>) {
  const r = await get('/loki/api/v1/query_range', {
    start: String(T0),
    end: String(T0 + 10n),
    ...params,
  });
  expect(r.status).toBe(200);
  return JSON.parse(r.text);
}
/** Every [ts, line] of a streams result, in answer order. */
const values = (body: any): [string, string][] =>
  body.data.result.flatMap((s: any) => s.values);

describe('Loki-API stand-in', () => {
  it('accepts a JSON push with 204', () => {
    expect(pushStatus).toBe(204);
  });

  it('returns pushed lines with nanosecond string timestamps, newest first by default', async () => {
    const body = await queryRange({
      query: '{namespace="festivals-production", app="festivals-api"}',
    });
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('streams');
    const all = values(body)
      .map(([t]) => t)
      .sort();
    expect(all).toEqual([ns(T0 + 1n), ns(T0 + 2n), ns(T0 + 3n)]);
    const info = body.data.result.find((s: any) => s.stream.level === 'info');
    expect(info.stream).toEqual({
      namespace: 'festivals-production',
      app: 'festivals-api',
      level: 'info',
    });
    expect(info.values.map((v: string[]) => v[0])).toEqual([
      ns(T0 + 3n),
      ns(T0 + 1n),
    ]);
  });

  it('applies limit across streams in the direction asked', async () => {
    const q = '{namespace="festivals-production"}';
    const backward = await queryRange({ query: q, limit: '2' });
    expect(
      values(backward)
        .map(([t]) => t)
        .sort(),
    ).toEqual([ns(T0 + 4n), ns(T0 + 5n)]);
    const forward = await queryRange({
      query: q,
      limit: '2',
      direction: 'forward',
    });
    expect(
      values(forward)
        .map(([t]) => t)
        .sort(),
    ).toEqual([ns(T0 + 1n), ns(T0 + 2n)]);
  });

  it('anchors regex label matchers and filters lines', async () => {
    const anchored = await queryRange({ query: '{app=~"festivals"}' });
    expect(values(anchored)).toEqual([]);
    const worker = await queryRange({
      query: '{app=~"festivals-w.*"} |= "payouts"',
    });
    expect(values(worker)).toEqual([
      [ns(T0 + 5n), 'Job failed in queue payouts'],
    ]);
    const notErr = await queryRange({
      query:
        '{namespace="festivals-production"} !~ "queue (emails|payouts)" |~ "error"',
    });
    expect(values(notErr).map(([t]) => t)).toEqual([ns(T0 + 2n)]);
  });

  it('filters on json labels, strings and numbers', async () => {
    const errors = await queryRange({
      query: '{app="festivals-api"} | json | level="error"',
    });
    expect(values(errors).map(([t]) => t)).toEqual([ns(T0 + 2n)]);
    expect(errors.data.result[0].stream).toMatchObject({
      user_id: '333',
      level: 'error',
    });
    const slow = await queryRange({
      query: '{namespace="festivals-production"} | json | duration_ms > 1000',
    });
    expect(values(slow).map(([t]) => t)).toEqual([ns(T0 + 3n)]);
  });

  it('answers a metric query with a matrix counted at each step', async () => {
    const body = await queryRange({
      query:
        'sum by (app) (count_over_time({namespace="festivals-production"} |= "e" [2s]))',
      start: String(T0 + 2n),
      end: String(T0 + 6n),
      step: '2s',
    });
    expect(body.data.resultType).toBe('matrix');
    const byApp = Object.fromEntries(
      body.data.result.map((s: any) => [s.metric.app, s.values]),
    );
    // Windows (t-2s, t]: api entries at 1,2,3 ("Request completed" contains "e"); worker at 4,5.
    expect(byApp['festivals-api']).toEqual([
      [Number(T0) + 2, '2'],
      [Number(T0) + 4, '1'],
    ]);
    expect(byApp['festivals-worker']).toEqual([
      [Number(T0) + 4, '1'],
      [Number(T0) + 6, '1'],
    ]);
    const rate = await queryRange({
      query: 'sum(rate({app="festivals-worker"}[2s]))',
      start: String(T0 + 6n),
      end: String(T0 + 6n),
      step: '1',
    });
    expect(rate.data.result).toEqual([
      { metric: {}, values: [[Number(T0) + 6, '0.5']] },
    ]);
  });

  it('lists labels and label values', async () => {
    const range = { start: String(T0), end: String(T0 + 10n) };
    const labels = await get('/loki/api/v1/labels', range);
    expect(JSON.parse(labels.text)).toEqual({
      status: 'success',
      data: ['app', 'level', 'namespace'],
    });
    const apps = await get('/loki/api/v1/label/app/values', range);
    expect(JSON.parse(apps.text)).toEqual({
      status: 'success',
      data: ['festivals-api', 'festivals-worker', 'x'],
    });
  });

  it('answers a malformed query with 400 and a plain-text parse error', async () => {
    const r = await get('/loki/api/v1/query_range', { query: '{app="x"' });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(
      /^parse error at line 1, col \d+: syntax error: unexpected/,
    );
  });

  it('answers valid but unsupported LogQL with 400 naming the construct', async () => {
    const r = await get('/loki/api/v1/query_range', {
      query: '{app="x"} | logfmt',
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain('LogfmtParser');
    expect(r.text).toContain('not supported by the Loki-API stand-in');
    const avg = await get('/loki/api/v1/query_range', {
      query: 'avg(count_over_time({app="x"}[1m]))',
    });
    expect(avg.status).toBe(400);
    expect(avg.text).toContain('VectorOp ("avg")');
  });
});
