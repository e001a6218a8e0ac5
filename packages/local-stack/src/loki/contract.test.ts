import { freePort } from '../net.ts';
import { startLokiStandIn, type RunningLokiStandIn } from './server.ts';

/*
 * Contract of the stand-in against Loki's HTTP API reference (docs/sources/reference/loki-http-api.md)
 * and the texts of Loki's pkg/loghttp and limits: parameters, defaults, limits, error bodies, stats,
 * the instant-query and index/volume endpoints, and the order of lines sharing a timestamp.
 */
const NS = 1_000_000_000n;
const T0 = 1_700_000_000n; // unix seconds
const at = (s: bigint, extraNs = 0n) => s * NS + extraNs;
const API = { namespace: 'festivals-production', app: 'festivals-api' };
const WORKER = { namespace: 'festivals-production', app: 'festivals-worker' };

let loki: RunningLokiStandIn;

beforeAll(async () => {
  loki = await startLokiStandIn({ port: await freePort(), maxAgeMs: 1e13 });
  // 150 info lines of festivals-api, one per second from T0.
  loki.push(
    { ...API, level: 'info' },
    Array.from({ length: 150 }, (_, i) => ({
      ts: at(T0 + BigInt(i)),
      line: `{"level":"info","msg":"Request completed","n":${i}}`,
    })),
  );
  loki.push({ ...WORKER, level: 'error' }, [
    { ts: at(T0 + 10n), line: 'Job failed in queue emails' },
    { ts: at(T0 + 20n), line: 'Job failed in queue payouts' },
  ]);
});
afterAll(() => loki.close());

async function get(path: string, params: Record<string, string>) {
  const res = await fetch(`${loki.url}${path}?${new URLSearchParams(params)}`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
  };
}
async function ok(path: string, params: Record<string, string>) {
  const r = await get(path, params);
  expect([r.status, r.text.slice(0, 200)]).toEqual([200, expect.any(String)]);
  return JSON.parse(r.text);
}
const values = (body: any): [string, string][] =>
  body.data.result.flatMap((s: any) => s.values);
const range = (params: Record<string, string>) =>
  ok('/loki/api/v1/query_range', params);

describe('query_range parameters', () => {
  const worker = '{app="festivals-worker"}';

  it('start is inclusive and end exclusive ("greater or equal" / "lower than")', async () => {
    const exact = await range({
      query: worker,
      start: String(at(T0 + 10n)),
      end: String(at(T0 + 20n)),
    });
    expect(values(exact).map(([t]) => t)).toEqual([String(at(T0 + 10n))]);
    const past = await range({
      query: worker,
      start: String(at(T0 + 10n)),
      end: String(at(T0 + 20n, 1n)),
    });
    expect(values(past).map(([t]) => t)).toEqual([
      String(at(T0 + 20n)),
      String(at(T0 + 10n)),
    ]);
  });

  it('takes start and end as ns, s, float s or RFC3339, and `since` before end', async () => {
    const want = [String(at(T0 + 20n)), String(at(T0 + 10n))];
    for (const [start, end] of [
      [String(at(T0)), String(at(T0 + 30n))],
      [String(T0), String(T0 + 30n)],
      [`${T0}.0`, `${T0 + 30n}.0`],
      ['2023-11-14T22:13:20Z', '2023-11-14T22:13:50.000000000Z'],
    ]) {
      const body = await range({ query: worker, start, end });
      expect([start, values(body).map(([t]) => t)]).toEqual([start, want]);
    }
    const since = await range({
      query: worker,
      end: String(T0 + 30n),
      since: '15s',
    });
    expect(values(since).map(([t]) => t)).toEqual([String(at(T0 + 20n))]);
  });

  it('defaults to limit 100, newest first', async () => {
    const body = await range({
      query: '{app="festivals-api"}',
      start: String(T0),
      end: String(T0 + 200n),
    });
    const ts = values(body).map(([t]) => BigInt(t));
    expect(ts).toHaveLength(100);
    expect(ts[0]).toBe(at(T0 + 149n));
    expect(ts[99]).toBe(at(T0 + 50n));
    const forward = await range({
      query: '{app="festivals-api"}',
      start: String(T0),
      end: String(T0 + 200n),
      limit: '3',
      direction: 'FORWARD', // Loki upper-cases the direction
    });
    expect(values(forward).map(([t]) => BigInt(t))).toEqual([
      at(T0),
      at(T0 + 1n),
      at(T0 + 2n),
    ]);
  });

  it('answers the matrix on the default step of (end - start) / 250, at least 1s', async () => {
    const body = await range({
      query: 'count_over_time({app="festivals-api"}[10m])',
      start: String(T0),
      end: String(T0 + 1000n),
    });
    const ts = body.data.result[0].values.map(([t]: [number]) => t);
    expect(ts.slice(0, 3)).toEqual([
      Number(T0),
      Number(T0) + 4,
      Number(T0) + 8,
    ]);
  });
});

describe('errors: 400 with a text/plain body, as Loki writes them', () => {
  const base = {
    query: '{app="festivals-api"}',
    start: String(T0),
    end: String(T0 + 10n),
  };
  const cases: Array<[string, Record<string, string>, string]> = [
    [
      'limit above max_entries_limit_per_query',
      { limit: '5001' },
      'max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)',
    ],
    [
      'limit not a number',
      { limit: 'many' },
      'strconv.Atoi: parsing "many": invalid syntax',
    ],
    ['limit zero', { limit: '0' }, 'limit must be a positive value'],
    ['direction', { direction: 'sideways' }, "invalid direction 'sideways'"],
    [
      'end before start',
      { end: String(T0 - 1n) },
      'end timestamp must not be before or equal to start time',
    ],
    [
      'start unreadable',
      { start: 'yesterday' },
      `could not parse 'start' parameter: strconv.ParseInt: parsing "yesterday": invalid syntax`,
    ],
    [
      'since unreadable',
      { start: '', since: 'an hour' },
      `could not parse 'since' parameter: not a valid duration string: "an hour"`,
    ],
    [
      'step zero',
      { step: '0' },
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      'step unreadable',
      { step: 'often' },
      'cannot parse "often" to a valid duration',
    ],
    [
      'more than 11,000 points',
      { end: String(T0 + 20_000n), step: '1' },
      'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter',
    ],
    [
      'range above max_query_length',
      { start: String(T0 - 722n * 3600n + 10n) },
      'the query time range exceeds the limit (query length: 722h0m0s, limit: 30d1h)',
    ],
  ];
  it.each(cases)('%s', async (_name, params, message) => {
    const r = await get('/loki/api/v1/query_range', { ...base, ...params });
    expect([r.status, r.type, r.text]).toEqual([
      400,
      'text/plain; charset=utf-8',
      `${message}\n`,
    ]);
  });

  it('accepts the limits themselves, and any limit for a metric query', async () => {
    expect((await range({ ...base, limit: '5000' })).status).toBe('success');
    const longest = await range({
      ...base,
      start: String(T0 - 721n * 3600n + 10n),
    });
    expect(longest.status).toBe('success');
    const metric = await range({
      ...base,
      query: 'count_over_time({app="festivals-api"}[1m])',
      limit: '10000',
    });
    expect(metric.data.resultType).toBe('matrix');
  });

  it('applies max_query_length to labels too', async () => {
    const r = await get('/loki/api/v1/labels', {
      start: String(T0 - 800n * 3600n),
      end: String(T0),
    });
    expect([r.status, r.text]).toEqual([
      400,
      'the query time range exceeds the limit (query length: 800h0m0s, limit: 30d1h)\n',
    ]);
  });
});

describe('stats', () => {
  it('carry the reference’s ingester, store and summary counters', async () => {
    const body = await range({
      query: '{app="festivals-api"} |= "\\"n\\":1"',
      start: String(T0),
      end: String(T0 + 200n),
    });
    const stats = body.data.stats;
    expect(Object.keys(stats.ingester).sort()).toEqual(
      [
        'compressedBytes',
        'decompressedBytes',
        'decompressedLines',
        'headChunkBytes',
        'headChunkLines',
        'totalBatches',
        'totalChunksMatched',
        'totalDuplicates',
        'totalLinesSent',
        'totalReached',
      ].sort(),
    );
    expect(Object.keys(stats.store).sort()).toEqual(
      [
        'compressedBytes',
        'decompressedBytes',
        'decompressedLines',
        'chunksDownloadTime',
        'totalChunksRef',
        'totalChunksDownloaded',
        'totalDuplicates',
      ].sort(),
    );
    // "n":1, "n":10..19, "n":100..149 match; all 150 lines of the stream were read.
    expect(values(body)).toHaveLength(61);
    expect(stats.summary).toMatchObject({
      totalLinesProcessed: 150,
      totalEntriesReturned: 61,
      queueTime: 0,
    });
    expect(stats.summary.totalBytesProcessed).toBeGreaterThan(150 * 40);
    expect(typeof stats.summary.execTime).toBe('number');
  });
});

describe('lines sharing one nanosecond', () => {
  // 10 lines of stream a and 5 of stream b at T, 3 older and 2 newer lines around them.
  const T = at(T0 + 500n, 123n);
  const a = { namespace: 'same-ns', app: 'a' };
  const b = { namespace: 'same-ns', app: 'b' };
  beforeAll(() => {
    loki.push(
      a,
      Array.from({ length: 10 }, (_, i) => ({ ts: T, line: `a${i}` })),
    );
    loki.push(
      b,
      Array.from({ length: 5 }, (_, i) => ({ ts: T, line: `b${i}` })),
    );
    loki.push(a, [
      { ts: T - 3n, line: 'older0' },
      { ts: T - 2n, line: 'older1' },
      { ts: T - 1n, line: 'older2' },
      { ts: T + 1n, line: 'newer0' },
      { ts: T + 2n, line: 'newer1' },
    ]);
  });
  const query = '{namespace="same-ns"}';
  const lines = (body: any) =>
    Object.fromEntries(
      body.data.result.map((s: any) => [
        s.stream.app,
        s.values.map((v: string[]) => v[1]),
      ]),
    );

  it('cuts the limit in one documented order: time, then stream labels, then push order', async () => {
    const window = { query, start: String(T), end: String(T + 1n) };
    // Forward: a0..a9 ({app="a"} sorts before {app="b"}), then b0..b4; backward is its reverse.
    expect(
      lines(await range({ ...window, direction: 'forward', limit: '12' })),
    ).toEqual({
      a: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'],
      b: ['b0', 'b1'],
    });
    expect(lines(await range({ ...window, limit: '12' }))).toEqual({
      b: ['b4', 'b3', 'b2', 'b1', 'b0'],
      a: ['a9', 'a8', 'a7', 'a6', 'a5', 'a4', 'a3'],
    });
  });

  it('pages backward with no gap and no duplicate: end = oldest + 1ns, limit + lines seen there', async () => {
    const pageSize = 4;
    const seen = new Set<string>();
    const order: string[] = [];
    let end = T + 10n;
    for (let page = 0; page < 20; page++) {
      const oldest = order.length
        ? BigInt(order[order.length - 1].split(' ')[0])
        : undefined;
      const atOldest =
        oldest === undefined
          ? 0
          : order.filter(k => BigInt(k.split(' ')[0]) === oldest).length;
      const body = await range({
        query,
        start: String(T - 10n),
        end: String(end),
        limit: String(pageSize + atOldest),
      });
      // Merge the page's streams newest first (ties in the documented order), drop what was seen.
      const fresh = body.data.result
        .flatMap((s: any) =>
          s.values.map(([t, l]: string[]) => `${t} ${s.stream.app} ${l}`),
        )
        .filter((k: string) => !seen.has(k));
      if (!fresh.length) break;
      const newest = (k: string) => BigInt(k.split(' ')[0]);
      // Stable sort: lines at one timestamp keep the page's order.
      fresh.sort((x: string, y: string) => Number(newest(y) - newest(x)));
      for (const k of fresh) {
        seen.add(k);
        order.push(k);
      }
      end = newest(order[order.length - 1]) + 1n;
    }
    expect(order).toHaveLength(20);
    expect(new Set(order).size).toBe(20);
    expect(order.slice(0, 2).map(k => k.split(' ')[2])).toEqual([
      'newer1',
      'newer0',
    ]);
    expect(order.slice(-3).map(k => k.split(' ')[2])).toEqual([
      'older2',
      'older1',
      'older0',
    ]);
  });
});

describe('GET /loki/api/v1/query (instant)', () => {
  it('answers a metric query with a vector at `time`', async () => {
    const body = await ok('/loki/api/v1/query', {
      query:
        'sum by (app) (count_over_time({namespace="festivals-production"}[30s]))',
      time: String(T0 + 20n),
    });
    expect(body.data.resultType).toBe('vector');
    const byApp = Object.fromEntries(
      body.data.result.map((s: any) => [s.metric.app, s.value]),
    );
    // (T0-10s, T0+20s]: api lines at T0..T0+20 (21), worker lines at +10 and +20.
    expect(byApp).toEqual({
      'festivals-api': [Number(T0) + 20, '21'],
      'festivals-worker': [Number(T0) + 20, '2'],
    });
    expect(body.data.stats.summary.totalLinesProcessed).toBeGreaterThan(0);
  });

  it('rejects a log query with 400, as the reference says', async () => {
    const r = await get('/loki/api/v1/query', {
      query: '{app="festivals-api"}',
    });
    expect([r.status, r.text]).toEqual([
      400,
      'log queries are not supported as an instant query type, please change your query to a range query type\n',
    ]);
  });
});

describe('GET /loki/api/v1/index/volume', () => {
  const window = { start: String(T0), end: String(T0 + 200n) };
  const bytes = (lines: string[]) =>
    lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
  const apiBytes = bytes(
    Array.from(
      { length: 150 },
      (_, i) => `{"level":"info","msg":"Request completed","n":${i}}`,
    ),
  );
  const workerBytes = bytes([
    'Job failed in queue emails',
    'Job failed in queue payouts',
  ]);

  it("aggregates by the selector's labels, or by targetLabels, largest first", async () => {
    const byNamespace = await ok('/loki/api/v1/index/volume', {
      ...window,
      query: '{namespace="festivals-production"}',
    });
    expect(byNamespace.data).toEqual({
      resultType: 'vector',
      result: [
        {
          metric: { namespace: 'festivals-production' },
          value: [Number(T0) + 200, String(apiBytes + workerBytes)],
        },
      ],
    });
    const byApp = await ok('/loki/api/v1/index/volume', {
      ...window,
      query: '{namespace="festivals-production"}',
      targetLabels: 'app',
    });
    expect(byApp.data.result).toEqual([
      {
        metric: { app: 'festivals-api' },
        value: [Number(T0) + 200, String(apiBytes)],
      },
      {
        metric: { app: 'festivals-worker' },
        value: [Number(T0) + 200, String(workerBytes)],
      },
    ]);
    const limited = await ok('/loki/api/v1/index/volume', {
      ...window,
      query: '{namespace="festivals-production"}',
      targetLabels: 'app',
      limit: '1',
    });
    expect(limited.data.result.map((r: any) => r.metric.app)).toEqual([
      'festivals-api',
    ]);
    const labels = await ok('/loki/api/v1/index/volume', {
      ...window,
      query: '{namespace="festivals-production", app=~".+"}',
      aggregateBy: 'labels',
    });
    expect(labels.data.result.map((r: any) => r.metric)).toEqual([
      { app: '' },
      { namespace: '' },
    ]);
  });

  it('answers bad input with 400', async () => {
    const agg = await get('/loki/api/v1/index/volume', {
      ...window,
      query: '{app="x"}',
      aggregateBy: 'pods',
    });
    expect([agg.status, agg.text]).toEqual([
      400,
      'invalid aggregation option\n',
    ]);
    const pipeline = await get('/loki/api/v1/index/volume', {
      ...window,
      query: '{app="x"} |= "y"',
    });
    expect([pipeline.status, pipeline.text]).toEqual([
      400,
      'only label matchers are supported\n',
    ]);
  });
});

describe('labels', () => {
  it('restricts labels and values to the streams of `query`', async () => {
    const window = { start: String(T0), end: String(T0 + 200n) };
    const levels = await ok('/loki/api/v1/label/level/values', {
      ...window,
      query: '{app="festivals-worker"}',
    });
    expect(levels).toEqual({ status: 'success', data: ['error'] });
  });
});
