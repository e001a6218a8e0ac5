import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startStack,
  waitForPrometheusValue,
  type RunningStack,
} from '@internal/local-stack';
import request from 'supertest';
import { monitoringPlugin } from './plugin';
import {
  PrometheusClient,
  PrometheusRequestError,
} from './services/PrometheusClient';

// A real Prometheus (Debian package) scraping the synthetic festivals workload, started here.
jest.setTimeout(120_000);

function component(name: string, job: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'monitoring.festivals.io/job': job,
        'monitoring.festivals.io/namespace': 'festivals-production',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  };
}

const entities = [
  component('festivals-api', 'festivals-api'),
  component('festivals-worker', 'festivals-worker'),
  // A job value that would inject `vector(1)` if it were spliced into PromQL unescaped.
  component('injection', 'x"} or vector(1) or up{job="festivals-api'),
];

async function promQueryRange(baseUrl: string, params: Record<string, string>) {
  const res = await fetch(
    `${baseUrl}/api/v1/query_range?${new URLSearchParams(params)}`,
  );
  const body = await res.json();
  expect(body.status).toBe('success');
  return body.data.result as Array<{
    metric: Record<string, string>;
    values: [number, string][];
  }>;
}

describe('panels against a real Prometheus', () => {
  let stack: RunningStack;
  let server: any;

  beforeAll(async () => {
    stack = await startStack({
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      withAlertmanager: false,
    });
    const backend = await startTestBackend({
      features: [
        monitoringPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            monitoring: {
              prometheus: {
                instances: [
                  {
                    name: 'local',
                    baseUrl: stack.prometheus.url,
                    scrapeInterval: '1s',
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    // Wait until Prometheus has several scrapes of the API's request counter.
    await waitForPrometheusValue(
      stack.prometheus.url,
      'count_over_time(http_requests_total{job="festivals-api"}[1m])',
      8,
      60_000,
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('returns the Request Rate series that Prometheus computes for the same query', async () => {
    // End a few seconds in the past so both queries see the same, complete samples.
    const end = Math.floor(Date.now() / 1000) - 3;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate',
        start: end - 60,
        end,
        maxDataPoints: 60,
      });
    expect(res.status).toBe(200);
    const panel = res.body.panels[0];
    expect(panel.error).toBeUndefined();
    expect(panel.series).toHaveLength(1);
    expect(panel.series[0].labels).toEqual({ service: 'festivals-api' });

    const direct = await promQueryRange(stack.prometheus.url, {
      query:
        'sum by (service) (rate(http_requests_total{namespace="festivals-production",job="festivals-api"}[4s]))',
      start: String(res.body.start),
      end: String(res.body.end),
      step: String(res.body.step),
    });
    expect(direct).toHaveLength(1);
    const expected = direct[0].values.map(([t, v]) => [t, Number(v)]);
    expect(panel.series[0].points).toEqual(expected);
    // The workload serves traffic, so the rate is positive.
    expect(expected.some(([, v]) => v > 0)).toBe(true);
  });

  it('keeps each entity to its own series', async () => {
    const end = Math.floor(Date.now() / 1000) - 3;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-worker',
        panels: 'request-rate,queue-depth',
        start: end - 60,
        end,
        maxDataPoints: 60,
      });
    expect(res.status).toBe(200);
    const [requestRate, queueDepth] = res.body.panels;
    // The worker serves no HTTP: no request-rate series may leak in from the API.
    expect(requestRate.series).toEqual([]);
    expect(queueDepth.series.map((s: any) => s.name).sort()).toEqual([
      'emails',
      'payouts',
      'ticket-pdf',
    ]);
  });

  it('treats a hostile annotation value as a literal label value', async () => {
    const end = Math.floor(Date.now() / 1000) - 3;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/injection',
        panels: 'request-rate',
        start: end - 60,
        end,
        maxDataPoints: 60,
      });
    expect(res.status).toBe(200);
    expect(res.body.panels[0].error).toBeUndefined();
    expect(res.body.panels[0].series).toEqual([]);
  });

  it('maps a query Prometheus rejects to its own error message', async () => {
    const client = PrometheusClient.create({
      config: mockServices.rootConfig({
        data: {
          monitoring: {
            prometheus: {
              instances: [{ name: 'p', baseUrl: stack.prometheus.url }],
            },
          },
        },
      }),
    });
    const instance = client.getInstance()!;
    const error = await client
      .query(instance, {
        query: 'sum(rate(http_requests_total[5m]',
        time: Date.now() / 1000,
      })
      .then(
        () => undefined,
        e => e,
      );
    expect(error).toBeInstanceOf(PrometheusRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toContain(
      `Prometheus at ${stack.prometheus.url} rejected the query (400 bad_data)`,
    );
    expect(error.message).toMatch(/parse error/);
  });

  it('says so when the URL is not a Prometheus API', async () => {
    // The workload answers 404 for /api/v1/*: a mis-set baseUrl.
    const client = PrometheusClient.create({
      config: mockServices.rootConfig({
        data: {
          monitoring: {
            prometheus: {
              instances: [{ name: 'p', baseUrl: stack.workloads[0].url }],
            },
          },
        },
      }),
    });
    const error = await client
      .query(client.getInstance()!, { query: 'up', time: Date.now() / 1000 })
      .then(
        () => undefined,
        e => e,
      );
    expect(error).toBeInstanceOf(PrometheusRequestError);
    expect(error.message).toBe(
      `Prometheus at ${stack.workloads[0].url} answered 404`,
    );
  });
});
