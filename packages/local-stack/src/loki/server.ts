import http from 'node:http';
import { evaluateLogQuery, evaluateMetricQuery } from './evaluate.ts';
import { durationMs, LogQLError, parseLogQL } from './logql.ts';
import { LogStore, type LogEntry, type StoreLimits } from './store.ts';

export interface LokiStandInOptions extends StoreLimits {
  port: number;
  host?: string;
}

export interface RunningLokiStandIn {
  url: string;
  /** Adds entries directly (tests), as a push of one stream would. */
  push(labels: Record<string, string>, entries: LogEntry[]): void;
  close(): Promise<void>;
}

/** A 400 with a plain-text body, as Loki answers a bad request. */
class BadRequest extends Error {}

const NS_PER_MS = 1_000_000n;

/** Loki's time parameter: float unix seconds (with a dot), ns (or s when <= 10 digits), or RFC3339. */
export function parseLokiTime(value: string, name: string): bigint {
  if (/^\d+\.\d*$/.test(value))
    return BigInt(Math.round(Number(value) * 1000)) * NS_PER_MS;
  if (/^-?\d+$/.test(value))
    return value.length <= 10 ? BigInt(value) * 1_000_000_000n : BigInt(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new BadRequest(`invalid ${name}: cannot parse "${value}"`);
  // Keep the sub-millisecond digits RFC3339Nano can carry.
  const frac = /\.(\d+)/.exec(value)?.[1] ?? '';
  const extra = BigInt((frac.padEnd(9, '0').slice(3, 9) || '0').slice(0, 6));
  return BigInt(ms) * NS_PER_MS + extra;
}

function stepMs(value: string | null, start: bigint, end: bigint): number {
  // Loki's default step: (end - start) / 250, at least one second.
  if (!value)
    return Math.max(
      1000,
      Math.floor(Number((end - start) / NS_PER_MS) / 250 / 1000) * 1000,
    );
  const ms = /^\d+(\.\d+)?$/.test(value)
    ? Number(value) * 1000
    : (() => {
        try {
          return durationMs(value);
        } catch {
          throw new BadRequest(`invalid step: cannot parse "${value}"`);
        }
      })();
  if (ms <= 0)
    throw new BadRequest(
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  return ms;
}

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

  const handle = async (req: http.IncomingMessage) => {
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
    const end = q.get('end') ? parseLokiTime(q.get('end')!, 'end') : now;
    const start = q.get('start')
      ? parseLokiTime(q.get('start')!, 'start')
      : end - 3_600_000n * NS_PER_MS;
    if (end < start)
      throw new BadRequest(
        'the end timestamp must not be before the start time',
      );

    if (path === '/loki/api/v1/query_range') {
      const query = parseLogQL(q.get('query') ?? '');
      const limit = q.get('limit') ? Number(q.get('limit')) : 100;
      if (!Number.isInteger(limit) || limit <= 0)
        throw new BadRequest('limit must be a positive value');
      const direction = q.get('direction') ?? 'backward';
      if (direction !== 'backward' && direction !== 'forward')
        throw new BadRequest(`invalid direction '${direction}'`);
      const data =
        query.kind === 'log'
          ? evaluateLogQuery(query, store.streams(), {
              start,
              end,
              limit,
              direction,
            })
          : evaluateMetricQuery(query, store.streams(), {
              start,
              end,
              stepMs: stepMs(q.get('step'), start, end),
            });
      // Loki's stats carry many engine counters; the stand-in reports the one it knows.
      const returned =
        data.resultType === 'streams'
          ? data.result.reduce((n, s) => n + s.values.length, 0)
          : 0;
      return {
        status: 200,
        json: {
          status: 'success',
          data: {
            ...data,
            stats: { summary: { totalEntriesReturned: returned } },
          },
        },
      };
    }
    const inRange = store
      .streams()
      .filter(s => s.entries.some(e => e.ts >= start && e.ts <= end));
    if (path === '/loki/api/v1/labels') {
      const names = new Set(inRange.flatMap(s => Object.keys(s.labels)));
      return {
        status: 200,
        json: { status: 'success', data: [...names].sort() },
      };
    }
    const label = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
    if (label) {
      const name = decodeURIComponent(label[1]);
      const values = new Set(
        inRange.map(s => s.labels[name]).filter(v => v !== undefined),
      );
      return {
        status: 200,
        json: { status: 'success', data: [...values].sort() },
      };
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
