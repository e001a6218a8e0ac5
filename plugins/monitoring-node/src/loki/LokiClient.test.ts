import { mockServices } from '@backstage/backend-test-utils';
import {
  respondJson as json,
  startRecordingServer as startServer,
} from '@internal/test-kit';
import type { ServerResponse } from 'node:http';
import { UpstreamRequestError } from '../http/UpstreamRequestError';
import { MonitoringMetrics } from '../metrics/MonitoringMetrics';
import { LokiClient } from './LokiClient';

type Server = Awaited<ReturnType<typeof startServer>>;

// Answers in the shapes of Loki's HTTP API reference (grafana/loki docs/sources/reference/loki-http-api.md).
const streams = {
  status: 'success',
  data: {
    resultType: 'streams',
    result: [
      {
        stream: { namespace: 'festivals-production', app: 'festivals-api' },
        values: [
          ['1700000000000000001', '{"level":"error","msg":"boom"}'],
          ['1700000000000000000', '{"level":"info","msg":"ok"}'],
        ],
      },
    ],
    stats: { summary: { totalLinesProcessed: 2 } },
  },
};
const matrix = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [{ metric: { app: 'festivals-api' }, values: [[1700000000, '3']] }],
    stats: {},
  },
};

let server: Server;
let handler: (url: string, res: ServerResponse) => void;

beforeAll(async () => {
  server = await startServer((req, res) => handler(req.url, res));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  handler = (url, res) => {
    if (url.startsWith('/loki/api/v1/query_range')) {
      json(
        res,
        new URL(url, 'http://x').searchParams.get('query')!.startsWith('sum')
          ? matrix
          : streams,
      );
    } else if (url.startsWith('/loki/api/v1/label/app/values')) {
      json(res, { status: 'success', data: ['festivals-api', 'web'] });
    } else if (url.startsWith('/loki/api/v1/label/')) {
      json(res, { status: 'success' });
    } else {
      res.writeHead(404).end('404 page not found\n');
    }
  };
});

function create(
  instance: Record<string, unknown> = {},
  sleep?: (ms: number) => Promise<void>,
) {
  const metrics = MonitoringMetrics.create({ defaultMetrics: false });
  const client = LokiClient.create({
    sleep,
    config: mockServices.rootConfig({
      data: {
        monitoring: {
          loki: {
            instances: [{ name: 'l', baseUrl: server.url, ...instance }],
          },
        },
      },
    }),
    metrics,
  });
  return { client, instance: client.getInstance()!, metrics };
}

const range = {
  query: '{app="festivals-api"}',
  start: '1700000000000000000',
  end: '1700000060000000000',
};

describe('LokiClient', () => {
  it('reads the monitoring.loki instances', () => {
    const { client, instance } = create({ timeout: '20s' });
    expect(client.instanceNames()).toEqual(['l']);
    expect(instance).toMatchObject({
      name: 'l',
      baseUrl: server.url,
      timeoutMs: 20_000,
      maxLines: 5000,
    });
    expect(create({ maxLines: 2000 }).instance.maxLines).toBe(2000);
    expect(() => create({ maxLines: 0 })).toThrow(
      'monitoring.loki.instances[l].maxLines must be a positive whole number, got 0',
    );
    expect(client.getInstance('nope')).toBeUndefined();
  });

  it('returns streams for a log query and a matrix for a metric query, sending the parameters', async () => {
    const { client, instance } = create();
    const logs = await client.queryRange(instance, {
      ...range,
      limit: 500,
      direction: 'backward',
    });
    // Loki's stats are dropped: the Logs tab does not show them.
    expect(logs).toEqual({
      resultType: 'streams',
      result: streams.data.result,
    });
    const metric = await client.queryRange(instance, {
      query: 'sum by (app) (count_over_time({app="x"} |= "error" [300s]))',
      start: 1700000000,
      end: 1700000600,
      step: 60,
    });
    expect(metric.resultType).toBe('matrix');
    expect(metric.result).toEqual(matrix.data.result);

    const [first, second] = server.requests.map(r => ({
      method: r.method,
      path: r.url.split('?')[0],
      params: Object.fromEntries(new URL(r.url, 'http://x').searchParams),
    }));
    expect(first).toEqual({
      method: 'GET',
      path: '/loki/api/v1/query_range',
      params: { ...range, limit: '500', direction: 'backward' },
    });
    expect(second.params).toEqual({
      query: 'sum by (app) (count_over_time({app="x"} |= "error" [300s]))',
      start: '1700000000',
      end: '1700000600',
      step: '60',
    });
  });

  it('reads label values, and none when Loki omits data', async () => {
    const { client, instance } = create();
    await expect(
      client.labelValues(instance, {
        label: 'app',
        start: '1',
        end: '2',
        query: '{namespace="a"}',
      }),
    ).resolves.toEqual(['festivals-api', 'web']);
    await expect(
      client.labelValues(instance, { label: 'level' }),
    ).resolves.toEqual([]);
    expect(server.requests.map(r => r.url)).toEqual([
      '/loki/api/v1/label/app/values?start=1&end=2&query=%7Bnamespace%3D%22a%22%7D',
      '/loki/api/v1/label/level/values',
    ]);
  });

  it('sends the tenant as X-Scope-OrgID', async () => {
    const { client, instance } = create({
      tenant: 'festivals',
      headers: { Authorization: 'Basic dTpw' },
    });
    await client.queryRange(instance, range);
    await client.labelValues(instance, { label: 'app' });
    expect(server.requests).toHaveLength(2);
    for (const r of server.requests) {
      expect(r.headers['x-scope-orgid']).toBe('festivals');
      expect(r.headers.authorization).toBe('Basic dTpw');
    }
  });

  it("names Loki's own text/plain message for a rejected query", async () => {
    handler = (_url, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        'parse error at line 1, col 21: syntax error: unexpected IDENTIFIER\n',
      );
    };
    const { client, instance, metrics } = create();
    const error = await client.queryRange(instance, range).catch(e => e);
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect([error.outcome, error.status, error.message]).toEqual([
      'client_error',
      400,
      `Loki at ${server.url} rejected the query (400): parse error at line 1, col 21: syntax error: unexpected IDENTIFIER`,
    ]);
    expect(await metrics.registry.metrics()).toContain(
      'monitoring_upstream_requests_total{upstream="loki",endpoint="query_range",outcome="client_error"} 1',
    );
  });

  it('names rate limiting (429) with the limit Loki reports', async () => {
    handler = (_url, res) => {
      res.writeHead(429, { 'Content-Type': 'text/plain' });
      res.end('too many outstanding requests');
    };
    const { client, instance } = create();
    const error = await client.queryRange(instance, range).catch(e => e);
    expect(error.message).toBe(
      `Loki at ${server.url} is rate limiting requests (429): too many outstanding requests. Wait a moment and refresh.`,
    );
  });

  describe('when Loki rate limits (429)', () => {
    /** Answers 429 (with these headers) `times` times, then the streams answer. */
    function limitedFor(times: number, headers: Record<string, string> = {}) {
      let left = times;
      handler = (_url, res) => {
        if (left-- > 0) {
          res.writeHead(429, { 'Content-Type': 'text/plain', ...headers });
          res.end('too many outstanding requests');
        } else {
          json(res, streams);
        }
      };
    }

    it('retries once, after the Retry-After Loki sends', async () => {
      limitedFor(1, { 'Retry-After': '2' });
      const sleep = jest.fn(async (_ms: number) => undefined);
      const { client, instance } = create({}, sleep);
      const logs = await client.queryRange(instance, range);
      expect(logs.result).toEqual(streams.data.result);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1].url).toBe(server.requests[0].url);
      expect(sleep.mock.calls).toEqual([[2000]]);
    });

    it('waits a second when Loki gives no Retry-After, for label values too', async () => {
      let left = 1;
      handler = (_url, res) => {
        if (left-- > 0) {
          res.writeHead(429).end('slow down');
        } else {
          json(res, { status: 'success', data: ['info'] });
        }
      };
      const sleep = jest.fn(async (_ms: number) => undefined);
      const { client, instance } = create({}, sleep);
      await expect(
        client.labelValues(instance, { label: 'level' }),
      ).resolves.toEqual(['info']);
      expect(server.requests).toHaveLength(2);
      expect(sleep.mock.calls).toEqual([[1000]]);
    });

    it('retries only once: a second 429 says Loki is rate limiting', async () => {
      limitedFor(5, { 'Retry-After': '0' });
      const { client, instance } = create();
      const error = await client.queryRange(instance, range).catch(e => e);
      expect(server.requests).toHaveLength(2);
      expect([error.status, error.message]).toEqual([
        429,
        `Loki at ${server.url} is rate limiting requests (429): too many outstanding requests. Wait a moment and refresh.`,
      ]);
    });

    it('does not wait for a Retry-After longer than a few seconds', async () => {
      limitedFor(1, { 'Retry-After': '60' });
      const sleep = jest.fn(async (_ms: number) => undefined);
      const { client, instance } = create({}, sleep);
      const error = await client.queryRange(instance, range).catch(e => e);
      expect(error.status).toBe(429);
      expect(server.requests).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('never retries other failures', async () => {
      handler = (_url, res) => {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('parse error');
      };
      const sleep = jest.fn(async (_ms: number) => undefined);
      const { client, instance } = create({}, sleep);
      await expect(client.queryRange(instance, range)).rejects.toThrow(
        /rejected the query \(400\): parse error/,
      );
      expect(server.requests).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });
  });

  it('cuts a long error page short', async () => {
    handler = (_url, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(`<html>${'x'.repeat(2000)}</html>`);
    };
    const { client, instance } = create();
    const error = await client.queryRange(instance, range).catch(e => e);
    expect(error.outcome).toBe('server_error');
    expect(error.message).toBe(
      `Loki at ${server.url} answered 502: <html>${'x'.repeat(494)}…`,
    );
  });

  it.each([
    ['empty data', { status: 'success', data: {} }],
    [
      'a vector (query, not query_range)',
      { status: 'success', data: { resultType: 'vector', result: [] } },
    ],
    [
      'a timestamp as a number',
      {
        status: 'success',
        data: {
          resultType: 'streams',
          result: [{ stream: {}, values: [[1700000000, 'line']] }],
        },
      },
    ],
    ['not JSON', 'plain text'],
  ])('calls %s malformed', async (_case, body) => {
    handler = (_url, res) =>
      typeof body === 'string' ? res.end(body) : json(res, body);
    const { client, instance } = create();
    const error = await client.queryRange(instance, range).catch(e => e);
    expect([error.outcome, error.message]).toEqual([
      'malformed',
      `Loki at ${server.url} returned a malformed response (expected Loki API JSON). Check that baseUrl points at the Loki HTTP API.`,
    ]);
  });

  it('times out a Loki that does not answer', async () => {
    handler = () => undefined; // never answers; server.close() ends it
    const { client, instance } = create({ timeout: '1s' });
    const error = await client.queryRange(instance, range).catch(e => e);
    expect([error.outcome, error.message]).toEqual([
      'timeout',
      `Loki at ${server.url} did not answer within 1s. Try a shorter time range or a narrower query.`,
    ]);
  });
});
