import { mockServices } from '@backstage/backend-test-utils';
import { UpstreamRequestError } from '../http/UpstreamRequestError';
import { MonitoringMetrics } from '../metrics/MonitoringMetrics';
import {
  respondJson as json,
  startRecordingServer as startServer,
} from '@internal/test-kit';
import { PrometheusClient } from './PrometheusClient';

type Server = Awaited<ReturnType<typeof startServer>>;

// Answers in the shapes of Prometheus' HTTP API reference (prometheus/docs/querying/api.md).
const answers: Record<string, unknown> = {
  '/api/v1/query_range': {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [{ metric: { job: 'api' }, values: [[1700000000, '1.5']] }],
    },
  },
  '/api/v1/query': {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [{ metric: {}, value: [1700000000, '2'] }],
    },
    warnings: ['PromQL info: metric might not be a counter'],
  },
  '/api/v1/targets': {
    status: 'success',
    data: {
      activeTargets: [
        {
          discoveredLabels: { __address__: 'api:8080' },
          labels: { job: 'api', instance: 'api:8080' },
          scrapePool: 'api',
          scrapeUrl: 'http://api:8080/metrics',
          globalUrl: 'http://api:8080/metrics',
          lastError: '',
          lastScrape: '2026-11-27T10:00:00Z',
          lastScrapeDuration: 0.01,
          health: 'up',
          scrapeInterval: '15s',
          scrapeTimeout: '10s',
        },
      ],
      droppedTargets: [],
    },
  },
  '/api/v1/rules': {
    status: 'success',
    data: {
      groups: [
        {
          name: 'api.availability',
          file: '/etc/prometheus/rules/api.yaml',
          interval: 30,
          rules: [
            {
              type: 'alerting',
              name: 'APIDown',
              query: 'up{job="api"} == 0',
              duration: 60,
              labels: { severity: 'critical' },
              annotations: {},
              alerts: [],
              state: 'inactive',
              health: 'ok',
              lastEvaluation: '2026-11-27T10:00:00Z',
            },
            {
              type: 'recording',
              name: 'job:requests:rate5m',
              query: 'sum by (job) (rate(http_requests_total[5m]))',
              health: 'err',
              lastError: 'boom',
            },
          ],
        },
      ],
    },
  },
};

let server: Server;
let overrides: Record<string, unknown> = {};

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url.split('?')[0];
    const body = overrides[path] ?? answers[path];
    if (body === undefined) {
      res.writeHead(404).end('404 page not found');
    } else {
      json(res, body);
    }
  });
});
afterAll(() => server.close());
beforeEach(() => {
  overrides = {};
  server.requests.length = 0;
});

function create(instance: Record<string, unknown> = {}) {
  const metrics = MonitoringMetrics.create({ defaultMetrics: false });
  const client = PrometheusClient.create({
    config: mockServices.rootConfig({
      data: {
        monitoring: {
          prometheus: {
            instances: [{ name: 'p', baseUrl: server.url, ...instance }],
          },
        },
      },
    }),
    metrics,
  });
  return { client, instance: client.getInstance()!, metrics };
}

const range = { query: 'up', start: 1700000000, end: 1700000060, step: 15 };

describe('PrometheusClient', () => {
  it('returns query and query_range data with warnings', async () => {
    const { client, instance } = create();
    await expect(client.queryRange(instance, range)).resolves.toEqual({
      data: (answers['/api/v1/query_range'] as { data: unknown }).data,
      warnings: [],
    });
    const instant = await client.query(instance, { query: 'up', time: 1 });
    expect(instant.data.resultType).toBe('vector');
    expect(instant.warnings).toEqual([
      'PromQL info: metric might not be a counter',
    ]);
    expect(new URLSearchParams(server.requests[0].body).get('step')).toBe('15');
  });

  it.each([
    ['empty data', { status: 'success', data: {} }],
    ['a vector from query_range', answers['/api/v1/query']],
    ['status error with 200', { status: 'error', error: 'x' }],
    [
      'samples that are not [time, "value"]',
      {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: {}, values: [['1700000000', 1.5]] }],
        },
      },
    ],
  ])('calls %s from query_range malformed', async (_case, body) => {
    overrides['/api/v1/query_range'] = body;
    const { client, instance, metrics } = create();
    const error = await client.queryRange(instance, range).catch(e => e);
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect(error.outcome).toBe('malformed');
    expect(error.message).toBe(
      `Prometheus at ${server.url} returned a malformed response (expected Prometheus API JSON). Check that baseUrl points at the Prometheus HTTP API.`,
    );
    expect(await metrics.registry.metrics()).toContain(
      'monitoring_upstream_requests_total{upstream="prometheus",endpoint="query_range",outcome="malformed"} 1',
    );
  });

  it('reads a label’s values among the series of a selector in a window', async () => {
    overrides['/api/v1/label/__name__/values'] = {
      status: 'success',
      data: ['http_requests_total', 'up'],
    };
    const { client, instance } = create();
    const names = await client.labelValues(instance, {
      label: '__name__',
      match: '{job="a b"}',
      start: 1700000000,
      end: 1700000060,
    });
    expect(names).toEqual(['http_requests_total', 'up']);
    const url = new URL(server.requests[0].url, 'http://x');
    expect(server.requests[0].method).toBe('GET');
    expect(url.pathname).toBe('/api/v1/label/__name__/values');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'match[]': '{job="a b"}',
      start: '1700000000',
      end: '1700000060',
    });
    await expect(
      client.labelValues(instance, {
        label: 'bad-name',
        match: '{job="a"}',
        start: 1,
        end: 2,
      }),
    ).rejects.toThrow(/Invalid Prometheus label name 'bad-name'/);
  });

  it('calls a rules answer without data.groups malformed', async () => {
    overrides['/api/v1/rules'] = { status: 'success', data: {} };
    const { client, instance } = create();
    const error = await client.alertingRules(instance).catch(e => e);
    expect(error.outcome).toBe('malformed');
    expect(error.message).toContain('returned a malformed rules response');
  });

  it('reads alerting rules, all rule groups and active targets', async () => {
    const { client, instance } = create();
    const alerting = await client.alertingRules(instance);
    expect(alerting[0].rules.map(r => r.name)).toEqual(['APIDown']);
    const groups = await client.ruleGroups(instance);
    expect(groups[0].rules.map(r => [r.name, r.health, r.lastError])).toEqual([
      ['APIDown', 'ok', undefined],
      ['job:requests:rate5m', 'err', 'boom'],
    ]);
    const targets = await client.targets(instance);
    expect(targets).toEqual([
      expect.objectContaining({
        labels: { job: 'api', instance: 'api:8080' },
        health: 'up',
        lastError: '',
        scrapeUrl: 'http://api:8080/metrics',
        scrapeInterval: '15s',
      }),
    ]);
    expect(server.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/rules?type=alert',
      'GET /api/v1/rules',
      'GET /api/v1/targets?state=active',
    ]);
  });

  it('sends the tenant as X-Scope-OrgID on every call, the verify path included', async () => {
    const { client, instance } = create({
      tenant: 'acme',
      headers: { Authorization: 'Bearer t' },
    });
    await client.queryRange(instance, range);
    await client.query(instance, { query: 'up', time: 1 });
    await client.alertingRules(instance);
    await client.ruleGroups(instance);
    await client.targets(instance);
    expect(server.requests).toHaveLength(5);
    for (const r of server.requests) {
      expect(r.headers['x-scope-orgid']).toBe('acme');
      expect(r.headers.authorization).toBe('Bearer t');
    }
    expect(instance.publicUrl).toBeUndefined();
  });

  it('keeps its wording for a rejected query and a non-Prometheus URL', async () => {
    const { client, instance } = create();
    const rejected = await startServer((_req, res) =>
      json(
        res,
        { status: 'error', errorType: 'bad_data', error: 'parse error' },
        400,
      ),
    );
    try {
      const at = { ...instance, baseUrl: rejected.url };
      const error = await client
        .query(at, { query: '(', time: 1 })
        .catch(e => e);
      expect([error.outcome, error.status, error.message]).toEqual([
        'client_error',
        400,
        `Prometheus at ${rejected.url} rejected the query (400 bad_data): parse error`,
      ]);
    } finally {
      await rejected.close();
    }
    const notProm = await client
      .query(
        { ...instance, baseUrl: `${server.url}/nothing` },
        {
          query: 'up',
          time: 1,
        },
      )
      .catch(e => e);
    expect(notProm.message).toBe(
      `Prometheus at ${server.url}/nothing answered 404`,
    );
  });
});
