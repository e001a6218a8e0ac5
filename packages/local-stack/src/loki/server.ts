import http from 'node:http';
import {
  emptyScan,
  evaluateInstantQuery,
  evaluateLogQuery,
  evaluateMetricQuery,
  matches,
} from './evaluate.ts';
import { LogQLError, parseLogQL, type LogQuery } from './logql.ts';
import {
  BadRequest,
  checkEntriesLimit,
  checkQueryLength,
  NS_PER_MS,
  parseBounds,
  parseInstantQuery,
  parseRangeQuery,
  type LokiLimits,
} from './params.ts';
import { queryStats } from './stats.ts';
import { LogStore, type LogEntry, type StoreLimits } from './store.ts';
import { evaluateVolume } from './volume.ts';

export interface LokiStandInOptions extends StoreLimits, LokiLimits {
  port: number;
  host?: string;
}

export interface RunningLokiStandIn {
  url: string;
  /** Adds entries directly (tests), as a push of one stream would. */
  push(labels: Record<string, string>, entries: LogEntry[]): void;
  close(): Promise<void>;
}

/** Loki's text for a log query sent to the instant-query endpoint (logql/syntax). */
const INSTANT_LOG_QUERY =
  'log queries are not supported as an instant query type, please change your query to a range query type';

type Answer =
  | { status: number; json: unknown }
  | { status: number; text?: string };

const success = (data: unknown): Answer => ({
  status: 200,
  json: { status: 'success', data },
});

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parsePush(body: string): Array<{
  labels: Record<string, string>;
  entries: LogEntry[];
}> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new BadRequest(`loghttp.PushRequest: ${(e as Error).message}`);
  }
  const streams = (parsed as { streams?: unknown })?.streams;
  if (!Array.isArray(streams))
    throw new BadRequest('loghttp.PushRequest: "streams" must be an array');
  return streams.map(s => {
    const labels = s?.stream;
    if (
      !labels ||
      typeof labels !== 'object' ||
      !Object.keys(labels).length ||
      !Object.entries(labels).every(
        ([k, v]) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) && typeof v === 'string',
      )
    )
      throw new BadRequest(
        `error parsing labels ${JSON.stringify(labels)}: invalid stream labels`,
      );
    if (!Array.isArray(s.values))
      throw new BadRequest('loghttp.PushRequest: "values" must be an array');
    const entries = s.values.map((v: unknown) => {
      if (
        !Array.isArray(v) ||
        typeof v[0] !== 'string' ||
        !/^\d+$/.test(v[0]) ||
        typeof v[1] !== 'string'
      )
        throw new BadRequest(
          `loghttp.PushRequest: invalid entry ${JSON.stringify(v)}`,
        );
      return { ts: BigInt(v[0]), line: v[1] };
    });
    return { labels: labels as Record<string, string>, entries };
  });
}

/**
 * A Loki-API stand-in for the local stack (not Loki: dev and tests only). It answers push,
 * query_range, labels and label values as Loki's HTTP API reference specifies, over an
 * in-memory store, evaluating the LogQL subset the Logs tab sends.
 */
export async function startLokiStandIn(
  options: LokiStandInOptions,
): Promise<RunningLokiStandIn> {
  const store = new LogStore(options);

  /** A bare stream selector (labels, label values, volume), as Loki's ParseMatchers requires. */
  const selectorOnly = (text: string): LogQuery['selector'] => {
    const query = parseLogQL(text);
    if (query.kind !== 'log' || query.stages.length)
      throw new BadRequest('only label matchers are supported');
    return query.selector;
  };

  /** `GET /loki/api/v1/index/volume`, checked as loghttp.ParseVolumeInstantQuery checks it. */
  const volume = (q: URLSearchParams, now: bigint): Answer => {
    const raw = q.get('limit');
    if (raw && /^[+-]?\d+$/.test(raw) && Number(raw) === 0)
      q.set('limit', '100');
    const { limit } = parseInstantQuery(q, now);
    const aggregateBy = q.get('aggregateBy') || 'series';
    if (aggregateBy !== 'series' && aggregateBy !== 'labels')
      throw new BadRequest('invalid aggregation option');
    const { start, end } = parseBounds(q, now);
    if (end < start)
      throw new BadRequest(
        'end timestamp must not be before or equal to start time',
      );
    checkQueryLength(start, end, options);
    const selector = selectorOnly(q.get('query') ?? '');
    const targetLabels = (q.get('targetLabels') ?? '')
      .split(',')
      .filter(Boolean);
    const result = evaluateVolume(selector, store.streams(), {
      start,
      end,
      limit,
      targetLabels,
      aggregateBy,
    }).map(v => ({
      metric: v.metric,
      // Loki aligns an instant volume to the end of the requested range.
      value: [Number(end / NS_PER_MS) / 1000, String(v.bytes)],
    }));
    return success({ resultType: 'vector', result });
  };

  const handle = async (req: http.IncomingMessage): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    const path = url.pathname;
    if (path === '/ready' && req.method === 'GET')
      return { status: 200, text: 'ready\n' };
    if (path === '/loki/api/v1/push' && req.method === 'POST') {
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('application/json'))
        return {
          status: 415,
          text: `the Loki-API stand-in accepts only application/json pushes, not ${type}\n`,
        };
      for (const s of parsePush(await readBody(req)))
        store.push(s.labels, s.entries);
      return { status: 204 };
    }
    if (req.method !== 'GET')
      return { status: 405, text: 'method not allowed\n' };

    const now = BigInt(Date.now()) * NS_PER_MS;
    const began = performance.now();
    const seconds = () => (performance.now() - began) / 1000;

    if (path === '/loki/api/v1/query_range') {
      const p = parseRangeQuery(q, now);
      const query = parseLogQL(q.get('query') ?? '');
      if (query.kind === 'log') checkEntriesLimit(p.limit, options);
      checkQueryLength(p.start, p.end, options);
      const scan = emptyScan();
      const data =
        query.kind === 'log'
          ? evaluateLogQuery(query, store.streams(), p, scan)
          : evaluateMetricQuery(query, store.streams(), p, scan);
      const returned =
        data.resultType === 'streams'
          ? data.result.reduce((n, s) => n + s.values.length, 0)
          : 0;
      return success({ ...data, stats: queryStats(scan, returned, seconds()) });
    }
    if (path === '/loki/api/v1/query') {
      const p = parseInstantQuery(q, now);
      const query = parseLogQL(q.get('query') ?? '');
      // The reference: "Instant queries are only used for metric type LogQL queries and will
      // return a 400 (Bad Request) in case a log type query is provided."
      if (query.kind === 'log') throw new BadRequest(INSTANT_LOG_QUERY);
      checkQueryLength(
        p.time - BigInt(query.rangeMs) * NS_PER_MS,
        p.time,
        options,
      );
      const scan = emptyScan();
      const data = evaluateInstantQuery(query, store.streams(), p.time, scan);
      return success({ ...data, stats: queryStats(scan, 0, seconds()) });
    }
    if (path === '/loki/api/v1/index/volume') return volume(q, now);

    // labels and label values: the reference gives their start a default of 6 hours ago.
    const { start, end } = parseBounds(q, now, 6 * 3_600_000);
    checkQueryLength(start, end, options);
    const selector = q.get('query') ? selectorOnly(q.get('query')!) : [];
    const inRange = store
      .streams()
      .filter(s => selector.every(m => matches(m, s.labels)))
      .filter(s => s.entries.some(e => e.ts >= start && e.ts <= end));
    if (path === '/loki/api/v1/labels') {
      const names = new Set(inRange.flatMap(s => Object.keys(s.labels)));
      return success([...names].sort());
    }
    const label = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
    if (label) {
      const name = decodeURIComponent(label[1]);
      const values = new Set(
        inRange.map(s => s.labels[name]).filter(v => v !== undefined),
      );
      return success([...values].sort());
    }
    return { status: 404, text: '404 page not found\n' };
  };

  const server = http.createServer((req, res) => {
    handle(req)
      .then(r => {
        if ('json' in r) {
          res.writeHead(r.status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(r.json));
        } else {
          res.writeHead(
            r.status,
            r.text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {},
          );
          res.end(r.text);
        }
      })
      .catch(e => {
        const bad = e instanceof BadRequest || e instanceof LogQLError;
        res.writeHead(bad ? 400 : 500, {
          'Content-Type': 'text/plain; charset=utf-8',
        });
        res.end(`${(e as Error).message}\n`);
      });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  return {
    url: `http://${host}:${options.port}`,
    push: (labels, entries) => store.push(labels, entries),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
