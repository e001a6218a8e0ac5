import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  LogLine,
  LogsResponse,
  LogVolumeResponse,
} from '@internal/plugin-monitoring-common';
import {
  startLokiStandIn,
  type RunningLokiStandIn,
} from '@internal/local-stack';
import {
  closedPort,
  component,
  freePort,
  monitoredComponent,
  respondJson,
  startRecordingServer,
  type ReceivedRequest,
} from '@internal/test-kit';
import type { ServerResponse } from 'node:http';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

// Router tests of the Logs tab's routes against the Loki-API stand-in of the local stack (pushed
// lines, LogQL evaluated), seen through a recording proxy so each test can read what reached
// "Loki"; faults come from a recording server answering as a failing Loki would.

jest.setTimeout(60_000);

const NS = 'festivals-production';
const api = monitoredComponent({
  name: 'festivals-api',
  job: 'festivals-api',
  namespace: NS,
});
/** Its logs are in a Loki whose streams carry no `level` label (no promtail `labels` stage). */
const worker = monitoredComponent({
  name: 'festivals-worker',
  job: 'festivals-worker',
  namespace: NS,
  annotations: { 'monitoring.festivals.io/loki': 'json-only' },
});
const pager = monitoredComponent({
  name: 'festivals-pager',
  job: 'festivals-pager',
  namespace: NS,
});
const elsewhere = monitoredComponent({
  name: 'festivals-elsewhere',
  job: 'festivals-api',
  namespace: NS,
  annotations: { 'monitoring.festivals.io/loki': 'eu-west' },
});
const website = component({ name: 'festivals-website', type: 'website' });

const API_SELECTOR = '{namespace="festivals-production",app="festivals-api"}';
const WORKER_SELECTOR =
  '{namespace="festivals-production",app="festivals-worker"}';

const now = Math.floor(Date.now() / 1000);
const range = { start: now - 3600, end: now };
/** Unix ns of `secondsAgo` before `now`, plus `extraNs`. */
const ns = (secondsAgo: number, extraNs = 0) =>
  (BigInt(now - secondsAgo) * 1_000_000_000n + BigInt(extraNs)).toString();

/** The guide's application log format. */
function jsonLine(fields: Record<string, unknown>): string {
  return JSON.stringify({ time: '2024-01-15T10:30:00Z', ...fields });
}

const INFO_LINE = jsonLine({
  level: 'info',
  msg: 'Request completed',
  method: 'GET',
  path: '/api/festivals',
  status: 200,
  duration_ms: 45,
  user_id: '12345',
  request_id: 'abc-123',
  trace_id: 'xyz-789',
  client: { ip: '10.0.0.1' },
});
const SLOW_ERROR_LINE = jsonLine({
  level: 'error',
  msg: 'database timeout',
  path: '/api/tickets',
  status: 500,
  duration_ms: 1500,
  user_id: '777',
  request_id: 'r-2',
  trace_id: 't-2',
});
const PLAIN_ERROR_LINE = 'panic: runtime error: index out of range';
/** Filter text every escaping layer could get wrong, matched literally. */
const NASTY = 'a "q" \\b `t` | } .*+?[( $x\nnext';
const NASTY_LINE = `user text: ${NASTY} end`;
/** Would match NASTY if it were read as a regex or unescaped. */
const NEAR_MISS_LINE = 'user text: a "q" \\b `t` | } xxxxx[( $x\nnext end';

type Recorder = Awaited<ReturnType<typeof startRecordingServer>>;

/** Forwards to the stand-in, recording what reached it. */
function startProxy(target: RunningLokiStandIn): Promise<Recorder> {
  return startRecordingServer(async (req, res) => {
    const answer = await fetch(`${target.url}${req.url}`, {
      method: req.method,
      headers: { 'Content-Type': 'application/json' },
      body: req.method === 'GET' ? undefined : req.body,
    });
    res.writeHead(answer.status, {
      'Content-Type': answer.headers.get('content-type') ?? 'text/plain',
    });
    res.end(await answer.text());
  });
}

let loki: RunningLokiStandIn;
let jsonOnlyLoki: RunningLokiStandIn;
let proxy: Recorder;
let jsonOnlyProxy: Recorder;

beforeAll(async () => {
  loki = await startLokiStandIn({
    port: await freePort(),
    maxAgeMs: 24 * 3600_000,
  });
  jsonOnlyLoki = await startLokiStandIn({
    port: await freePort(),
    maxAgeMs: 24 * 3600_000,
  });
  // Promtail's streams: `level` promoted to a label for festivals-api.
  const apiLabels = { namespace: NS, app: 'festivals-api', pod: 'api-1' };
  loki.push({ ...apiLabels, level: 'info' }, [
    { ts: BigInt(ns(300)), line: INFO_LINE },
    { ts: BigInt(ns(200)), line: INFO_LINE.replace('abc-123', 'abc-124') },
  ]);
  loki.push({ ...apiLabels, level: 'error' }, [
    { ts: BigInt(ns(250)), line: SLOW_ERROR_LINE },
  ]);
  loki.push(apiLabels, [
    { ts: BigInt(ns(150)), line: PLAIN_ERROR_LINE },
    { ts: BigInt(ns(120)), line: NASTY_LINE },
    { ts: BigInt(ns(110)), line: NEAR_MISS_LINE },
  ]);
  // festivals-worker: no `level` label; the level is only in the JSON.
  jsonOnlyLoki.push(
    { namespace: NS, app: 'festivals-worker', pod: 'worker-1' },
    [
      {
        ts: BigInt(ns(400)),
        line: jsonLine({ level: 'info', msg: 'job done' }),
      },
      {
        ts: BigInt(ns(390)),
        line: jsonLine({ level: 'error', msg: 'job failed', error: 'boom' }),
      },
    ],
  );
  // Another app in the namespace: never in festivals-api's answers.
  loki.push({ namespace: NS, app: 'festivals-web', level: 'error' }, [
    { ts: BigInt(ns(100)), line: jsonLine({ level: 'error', msg: 'web' }) },
  ]);
  proxy = await startProxy(loki);
  jsonOnlyProxy = await startProxy(jsonOnlyLoki);
});

afterAll(async () => {
  await proxy?.close();
  await jsonOnlyProxy?.close();
  await loki?.close();
  await jsonOnlyLoki?.close();
});

beforeEach(() => {
  proxy.requests.length = 0;
  jsonOnlyProxy.requests.length = 0;
});

async function startBackend(
  options: {
    lokiUrl?: string;
    lokiTimeout?: string;
    extra?: any[];
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      monitoringPlugin,
      ...(options.extra ?? []),
      catalogServiceMock.factory({
        entities: [api, worker, pager, elsewhere, website],
      }),
      mockServices.rootConfig.factory({
        data: {
          monitoring: {
            prometheus: {
              instances: [
                {
                  name: 'main',
                  baseUrl: `http://127.0.0.1:${await closedPort()}`,
                },
              ],
            },
            loki: {
              instances: [
                {
                  name: 'local',
                  baseUrl: options.lokiUrl ?? proxy.url,
                  timeout: options.lokiTimeout ?? '10s',
                },
                { name: 'json-only', baseUrl: jsonOnlyProxy.url },
              ],
              default: 'local',
            },
            grafana: {
              baseUrl: 'http://grafana.example:3000/',
              lokiDatasourceUid: 'loki-ds',
            },
            tracing: {
              traceUrlTemplate: 'http://127.0.0.1:16686/trace/{traceId}',
            },
          },
        },
      }),
    ],
  });
  return server;
}

type Server = Awaited<ReturnType<typeof startBackend>>;

function getLogs(server: Server, params: Record<string, unknown>) {
  return request(server)
    .get('/api/monitoring/logs')
    .query({
      entityRef: 'component:default/festivals-api',
      ...range,
      ...params,
    });
}

/** The query_range requests that reached Loki, with their parameters. */
function queryRanges(requests: ReceivedRequest[] = proxy.requests) {
  return requests
    .filter(r => r.url.startsWith('/loki/api/v1/query_range'))
    .map(r => Object.fromEntries(new URL(r.url, 'http://x').searchParams));
}

const messages = (lines: LogLine[]) => lines.map(l => l.message);

describe('GET /api/monitoring/logs', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startBackend();
  });

  it.each([
    [
      'all',
      {},
      API_SELECTOR,
      [
        'user text: a "q" \\b `t` | } xxxxx[( $x\nnext end',
        NASTY_LINE,
        PLAIN_ERROR_LINE,
        'Request completed',
        'database timeout',
        'Request completed',
      ],
    ],
    [
      'errors',
      {},
      `${API_SELECTOR} |= "error"`,
      [PLAIN_ERROR_LINE, 'database timeout'],
    ],
    [
      'level',
      {},
      '{namespace="festivals-production",app="festivals-api",level="error"}',
      ['database timeout'],
    ],
    [
      'level',
      { level: 'info' },
      '{namespace="festivals-production",app="festivals-api",level="info"}',
      ['Request completed', 'Request completed'],
    ],
    [
      'user',
      { fields: { user_id: '777' } },
      `${API_SELECTOR} | json | user_id="777"`,
      ['database timeout'],
    ],
    [
      'slow',
      {},
      `${API_SELECTOR} | json | duration_ms > 1000`,
      ['database timeout'],
    ],
    [
      'all',
      { fields: { request_id: 'abc-124', path: '/api/festivals' } },
      `${API_SELECTOR} | json | request_id="abc-124" | path="/api/festivals"`,
      ['Request completed'],
    ],
    [
      'all',
      { minDurationMs: 40, notContains: 'database' },
      `${API_SELECTOR} != "database" | json | duration_ms > 40`,
      ['Request completed', 'Request completed'],
    ],
  ])(
    'view %s %j sends its LogQL to Loki and answers the matching lines',
    async (view, params, query, expected) => {
      const res = await getLogs(server, { view, ...params });
      expect(res.status).toBe(200);
      const body: LogsResponse = res.body;
      expect(body.query).toBe(query);
      expect(messages(body.lines)).toEqual(expected);
      expect(body.levelSource).toBe('label');
      expect(body.nextCursor).toBeUndefined();
      const [sent] = queryRanges();
      expect(sent).toEqual({
        query,
        start: `${range.start}000000000`,
        end: `${range.end}000000000`,
        limit: '1000',
        direction: 'backward',
      });
    },
  );

  it('answers the errorCount view as series of error lines per app', async () => {
    const res = await getLogs(server, { view: 'errorCount' });
    expect(res.status).toBe(200);
    const body: LogsResponse = res.body;
    expect(body.query).toBe(
      `sum by (app) (count_over_time(${API_SELECTOR} |= "error" [300s]))`,
    );
    expect(body.lines).toEqual([]);
    expect(body.nextCursor).toBeUndefined();
    expect(body.series).toHaveLength(1);
    expect(body.series![0].labels).toEqual({ app: 'festivals-api' });
    // Each error line is counted in the 300 s windows ending at the 30 s steps after it.
    const peak = Math.max(...body.series![0].points.map(([, v]) => v));
    expect(peak).toBe(2);
    expect(queryRanges()[0]).toMatchObject({ step: '30' });
  });

  it('parses each line: labels, level, message, fields, a stable id', async () => {
    const res = await getLogs(server, {
      view: 'user',
      fields: { user_id: '12345' },
    });
    expect(res.status).toBe(200);
    const [newest, older]: LogLine[] = res.body.lines;
    expect(newest.timestampNs).toBe(ns(200));
    expect(older).toMatchObject({
      timestampNs: ns(300),
      level: 'info',
      message: 'Request completed',
      line: INFO_LINE,
    });
    expect(older.labels).toMatchObject({
      namespace: NS,
      app: 'festivals-api',
      pod: 'api-1',
      level: 'info',
    });
    expect(older.fields).toEqual({
      time: '2024-01-15T10:30:00Z',
      level: 'info',
      msg: 'Request completed',
      method: 'GET',
      path: '/api/festivals',
      status: '200',
      duration_ms: '45',
      user_id: '12345',
      request_id: 'abc-123',
      trace_id: 'xyz-789',
      client: '{"ip":"10.0.0.1"}',
    });
    expect(newest.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(newest.id).not.toBe(older.id);
    const all = await getLogs(server, { view: 'all' });
    const plain = all.body.lines.find(
      (l: LogLine) => l.line === PLAIN_ERROR_LINE,
    );
    expect(plain).toMatchObject({ message: PLAIN_ERROR_LINE, fields: {} });
    expect(plain.level).toBeUndefined();
  });

  it('matches filter text with quotes, backslashes, backticks, newlines, | } and regex characters literally', async () => {
    const res = await getLogs(server, { view: 'all', contains: NASTY });
    expect(res.status).toBe(200);
    expect(res.body.lines.map((l: LogLine) => l.line)).toEqual([NASTY_LINE]);
    expect(res.body.query).toBe(
      `${API_SELECTOR} |= "a \\"q\\" \\\\b \`t\` | } .*+?[( $x\\nnext"`,
    );
    // Repeated parameters, as the Logs tab sends them.
    const excluded = await getLogs(server, { view: 'all' }).query(
      `contains=user%20text&contains=end&notContains=${encodeURIComponent(
        NASTY,
      )}`,
    );
    expect(excluded.body.lines.map((l: LogLine) => l.line)).toEqual([
      NEAR_MISS_LINE,
    ]);
    // Still only festivals-api's streams: the text cannot widen the selector.
    const closing = await getLogs(server, {
      view: 'all',
      contains: '"} or {app=~".+',
    });
    expect(closing.status).toBe(200);
    expect(closing.body.lines).toEqual([]);
  });

  it('reads level from the JSON for streams without a level label', async () => {
    const res = await getLogs(server, {
      entityRef: 'component:default/festivals-worker',
      view: 'level',
    });
    expect(res.status).toBe(200);
    expect(res.body.levelSource).toBe('json');
    expect(res.body.query).toBe(`${WORKER_SELECTOR} | json | level="error"`);
    expect(res.body.lines).toHaveLength(1);
    expect(res.body.lines[0]).toMatchObject({
      level: 'error',
      message: 'job failed',
    });
    expect(proxy.requests).toEqual([]);
    const labelValues = jsonOnlyProxy.requests.filter(r =>
      r.url.startsWith('/loki/api/v1/label/level/values'),
    );
    expect(labelValues).toHaveLength(1);
    expect(
      new URL(labelValues[0].url, 'http://x').searchParams.get('query'),
    ).toBe(WORKER_SELECTOR);
  });

  it('links to Grafana Explore with the LogQL and range, and to the tracing UI', async () => {
    const res = await getLogs(server, { view: 'errors' });
    const url = new URL(res.body.links.grafanaExplore);
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://grafana.example:3000/explore',
    );
    expect(url.searchParams.get('schemaVersion')).toBe('1');
    expect(JSON.parse(url.searchParams.get('panes')!)).toEqual({
      logs: {
        datasource: 'loki-ds',
        queries: [
          {
            refId: 'A',
            datasource: { type: 'loki', uid: 'loki-ds' },
            expr: `${API_SELECTOR} |= "error"`,
            queryType: 'range',
          },
        ],
        range: { from: `${range.start}000`, to: `${range.end}000` },
      },
    });
    expect(res.body.links.traceUrlTemplate).toBe(
      'http://127.0.0.1:16686/trace/{traceId}',
    );
  });

  it.each([
    ['view', { view: 'bogus' }, /view: Invalid enum value/],
    [
      'end before start',
      { view: 'all', start: now, end: now - 60 },
      /end: must be after start/,
    ],
    ['start', { view: 'all', start: 'yesterday' }, /start: /],
    [
      'range',
      { view: 'all', start: now - 31 * 86400, end: now },
      /end: range must be at most 30 days/,
    ],
    ['limit 0', { view: 'all', limit: 0 }, /limit: /],
    ['limit 5001', { view: 'all', limit: 5001 }, /limit: /],
    ['limit 2.5', { view: 'all', limit: 2.5 }, /limit: /],
    [
      'contains count',
      { view: 'all', contains: Array.from({ length: 11 }, (_, i) => `t${i}`) },
      /contains: at most 10 filters/,
    ],
    [
      'notContains length',
      { view: 'all', notContains: 'x'.repeat(1001) },
      /notContains\.0: must be at most 1000 characters/,
    ],
    [
      'empty contains',
      { view: 'all', contains: '' },
      /contains\.0: must not be empty/,
    ],
    [
      'level charset',
      { view: 'all', level: 'error"}' },
      /level: must be 1 to 32 letters/,
    ],
    ['minDurationMs -1', { view: 'all', minDurationMs: -1 }, /minDurationMs: /],
    [
      'minDurationMs Infinity',
      { view: 'all', minDurationMs: 'Infinity' },
      /minDurationMs: /,
    ],
    [
      'fields key',
      { view: 'all', fields: { app: 'x' } },
      /fields: Unrecognized key/,
    ],
    [
      'user without user_id',
      { view: 'user' },
      /fields\.user_id: is required by the user view/,
    ],
    [
      'cursor garbage',
      { view: 'all', cursor: 'garbage' },
      /cursor: not a cursor of this backend/,
    ],
    [
      'cursor range',
      { view: 'all', cursor: `v1.${ns(7200)}` },
      /cursor: belongs to another range/,
    ],
    [
      'entityRef',
      { view: 'all', entityRef: 'component:default/' },
      /entityRef/,
    ],
  ])(
    'refuses a bad %s with a 400 naming the field, asking Loki nothing',
    async (_field, params, message) => {
      const res = await getLogs(server, params);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(proxy.requests).toEqual([]);
    },
  );

  it('answers 404 for an unknown entity', async () => {
    const res = await getLogs(server, {
      view: 'all',
      entityRef: 'component:default/nope',
    });
    expect(res.status).toBe(404);
    expect(proxy.requests).toEqual([]);
  });

  it('names the missing annotation for an entity without logs', async () => {
    const res = await getLogs(server, {
      view: 'all',
      entityRef: 'component:default/festivals-website',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Entity component:default\/festivals-website has no monitoring\.festivals\.io\/loki-app annotation .*so it has no logs to show$/,
    );
    expect(proxy.requests).toEqual([]);
  });

  it('names the annotation when it picks an unknown Loki instance', async () => {
    const res = await getLogs(server, {
      view: 'all',
      entityRef: 'component:default/festivals-elsewhere',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Entity component:default/festivals-elsewhere annotation monitoring.festivals.io/loki names Loki instance 'eu-west', which is not configured (configured: local, json-only)",
    );
  });

  it('coalesces 50 concurrent identical requests into one Loki query', async () => {
    const fresh = await startBackend();
    const params = { view: 'all', start: range.start - 1, limit: 3 };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => getLogs(fresh, params)),
    );
    expect(answers.map(r => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map(r => JSON.stringify(r.body))).size).toBe(1);
    expect(queryRanges()).toHaveLength(1);
    expect(
      proxy.requests.filter(r => r.url.includes('/label/level/values')),
    ).toHaveLength(1);
    // A page the next moment is served from the few seconds' cache.
    expect((await getLogs(fresh, params)).status).toBe(200);
    expect(queryRanges()).toHaveLength(1);
  });
});

describe('GET /api/monitoring/logs permission', () => {
  it('refuses a user without monitoring.logs.read with a 403 and sends nothing to Loki', async () => {
    const authorize = jest.fn(async (requests: any[], _options: any) =>
      requests.map(r => ({
        result:
          r.permission.name === 'monitoring.logs.read'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const server = await startBackend({
      extra: [mockServices.permissions.mock({ authorize } as any).factory],
    });
    for (const path of [
      '/api/monitoring/logs',
      '/api/monitoring/logs/volume',
    ]) {
      const res = await request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header('user:default/bob'))
        .query({
          entityRef: 'component:default/festivals-api',
          view: 'all',
          ...range,
        });
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toBe(
        'You may not read the logs of component:default/festivals-api (permission monitoring.logs.read)',
      );
    }
    expect(proxy.requests).toEqual([]);
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'monitoring.logs.read' }),
          resourceRef: 'component:default/festivals-api',
        },
      ],
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/bob',
          }),
        }),
      }),
    );
  });
});

describe('GET /api/monitoring/logs pagination', () => {
  // 23 lines of festivals-pager in two pods; many share one nanosecond.
  const groups: Array<[secondsAgo: number, extraNs: number, count: number]> = [
    [60, 5, 5],
    [60, 4, 1],
    [61, 0, 7],
    [62, 999, 2],
    [63, 0, 8],
  ];
  const pushed: string[] = [];
  beforeAll(() => {
    for (const [ago, extra, count] of groups) {
      for (let i = 0; i < count; i++) {
        const line = jsonLine({ level: 'info', msg: `p${ago}.${extra}.${i}` });
        // The same line at the same nanosecond in two pods: two lines, two ids.
        const pod = i === count - 1 && count > 1 ? 'pager-2' : 'pager-1';
        loki.push(
          { namespace: NS, app: 'festivals-pager', pod, level: 'info' },
          [{ ts: BigInt(ns(ago, extra)), line }],
        );
        pushed.push(`${ns(ago, extra)} ${pod} ${line}`);
      }
      if (count > 1) {
        const line = jsonLine({ level: 'info', msg: `p${ago}.${extra}.0` });
        loki.push(
          {
            namespace: NS,
            app: 'festivals-pager',
            pod: 'pager-2',
            level: 'info',
          },
          [{ ts: BigInt(ns(ago, extra)), line }],
        );
        pushed.push(`${ns(ago, extra)} pager-2 ${line}`);
      }
    }
  });

  it.each([3, 4, 6])(
    'load older with limit %i continues with no duplicate and no gap',
    async limit => {
      const server = await startBackend();
      const seen: LogLine[] = [];
      let cursor: string | undefined;
      let pages = 0;
      const pageSizes: number[] = [];
      do {
        const res = await getLogs(server, {
          entityRef: 'component:default/festivals-pager',
          view: 'all',
          limit,
          ...(cursor && { cursor }),
        });
        expect(res.status).toBe(200);
        const body: LogsResponse = res.body;
        expect(body.lines.length).toBeLessThanOrEqual(limit);
        // Only the last page may be short.
        pageSizes.push(body.nextCursor ? body.lines.length : limit);
        seen.push(...body.lines);
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 50);

      expect(pages).toBeGreaterThanOrEqual(3);
      expect(pageSizes).toEqual(Array(pages).fill(limit));
      const got = seen.map(l => `${l.timestampNs} ${l.labels.pod} ${l.line}`);
      expect(new Set(seen.map(l => l.id)).size).toBe(seen.length);
      expect([...got].sort()).toEqual([...pushed].sort());
      // Newest first across pages.
      const times = seen.map(l => BigInt(l.timestampNs));
      expect(times).toEqual([...times].sort((a, b) => Number(b - a)));
      // Each older page asked Loki up to and including the previous page's oldest nanosecond.
      const sent = queryRanges();
      expect(sent).toHaveLength(pages);
      for (const [i, params] of sent.slice(1).entries()) {
        const previousPage = seen.slice(0, (i + 1) * limit);
        const oldest = BigInt(
          previousPage[previousPage.length - 1].timestampNs,
        );
        expect(params.end).toBe((oldest + 1n).toString());
        expect(Number(params.limit)).toBeGreaterThan(limit);
      }
    },
  );
});

describe('GET /api/monitoring/logs/volume', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startBackend();
  });

  function getVolume(params: Record<string, unknown>) {
    return request(server)
      .get('/api/monitoring/logs/volume')
      .query({
        entityRef: 'component:default/festivals-api',
        ...range,
        ...params,
      });
  }

  const totals = (body: LogVolumeResponse) =>
    Object.fromEntries(
      body.series.map(s => [s.level, s.points.reduce((n, [, v]) => n + v, 0)]),
    );

  it('counts lines per level per step (120 bars by default), "unknown" without a level', async () => {
    const res = await getVolume({ view: 'all' });
    expect(res.status).toBe(200);
    const body: LogVolumeResponse = res.body;
    expect(body.step).toBe(30);
    expect(body.query).toBe(
      `sum by (level) (count_over_time(${API_SELECTOR} [30s]))`,
    );
    expect(totals(body)).toEqual({ info: 2, error: 1, unknown: 3 });
    expect(queryRanges()).toEqual([
      {
        query: body.query,
        start: `${range.start}000000000`,
        end: `${range.end}000000000`,
        step: '30',
      },
    ]);
  });

  it('derives the step from maxDataPoints and keeps the view filters', async () => {
    const res = await getVolume({ view: 'errors', maxDataPoints: 60 });
    expect(res.status).toBe(200);
    expect(res.body.step).toBe(60);
    expect(res.body.query).toBe(
      `sum by (level) (count_over_time(${API_SELECTOR} |= "error" [60s]))`,
    );
    expect(totals(res.body)).toEqual({ error: 1, unknown: 1 });
  });

  it('parses the JSON level for streams without a level label', async () => {
    const res = await getVolume({
      entityRef: 'component:default/festivals-worker',
      view: 'all',
    });
    expect(res.status).toBe(200);
    expect(res.body.query).toBe(
      `sum by (level) (count_over_time(${WORKER_SELECTOR} | json [30s]))`,
    );
    expect(totals(res.body)).toEqual({ info: 1, error: 1 });
  });

  it('refuses a bad maxDataPoints with a 400 naming it', async () => {
    const res = await getVolume({ view: 'all', maxDataPoints: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/maxDataPoints: /);
  });
});

describe('GET /api/monitoring/logs when Loki fails', () => {
  let fake: Awaited<ReturnType<typeof startRecordingServer>>;
  let answer: (req: ReceivedRequest, res: ServerResponse) => void;
  beforeAll(async () => {
    fake = await startRecordingServer((req, res) => {
      if (req.url.startsWith('/loki/api/v1/label/')) {
        respondJson(res, { status: 'success', data: ['info'] });
      } else answer(req, res);
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const logsOf = (server: Server) => getLogs(server, { view: 'all' });

  it("shows Loki's 400 message (parse error, max entries, query length) as a 400", async () => {
    const server = await startBackend({ lokiUrl: fake.url });
    answer = (_req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        'the query time range exceeds the limit (query length: 721h0m0s, limit: 720h0m0s)\n',
      );
    };
    const res = await logsOf(server);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(
      `Loki at ${fake.url} rejected the query (400): the query time range exceeds the limit (query length: 721h0m0s, limit: 720h0m0s)`,
    );
  });

  it('retries a 429 once, then answers', async () => {
    const server = await startBackend({ lokiUrl: fake.url });
    let limited = 1;
    answer = (_req, res) => {
      if (limited-- > 0) {
        res.writeHead(429, {
          'Retry-After': '0',
          'Content-Type': 'text/plain',
        });
        res.end('too many outstanding requests');
      } else {
        respondJson(res, {
          status: 'success',
          data: { resultType: 'streams', result: [] },
        });
      }
    };
    const res = await logsOf(server);
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([]);
    expect(queryRanges(fake.requests)).toHaveLength(2);
  });

  it('says Loki is rate limiting when the retry is limited too', async () => {
    const server = await startBackend({ lokiUrl: fake.url });
    answer = (_req, res) => {
      res.writeHead(429, { 'Retry-After': '0', 'Content-Type': 'text/plain' });
      res.end('too many outstanding requests');
    };
    const res = await logsOf(server);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `Loki at ${fake.url} is rate limiting requests (429): too many outstanding requests. Wait a moment and refresh.`,
    );
    expect(queryRanges(fake.requests)).toHaveLength(2);
  });

  it('suggests a shorter range when Loki times out', async () => {
    const server = await startBackend({ lokiUrl: fake.url, lokiTimeout: '1s' });
    answer = () => undefined; // never answers; close() ends it
    const res = await logsOf(server);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `Loki at ${fake.url} did not answer within 1s. Try a shorter time range or a narrower query.`,
    );
  });

  it('names the URL of an unreachable Loki', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const server = await startBackend({ lokiUrl: url });
    const res = await logsOf(server);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      new RegExp(`^Loki at ${url.replace(/\./g, '\\.')} is unreachable`),
    );
  });
});
