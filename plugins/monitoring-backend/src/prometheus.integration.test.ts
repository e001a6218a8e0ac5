import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startStack,
  waitForPrometheusValue,
  type RunningStack,
} from '@internal/local-stack';
import { monitoredComponent } from '@internal/test-kit';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import {
  PrometheusClient,
  UpstreamRequestError as PrometheusRequestError,
} from '@internal/plugin-monitoring-node';
import request from 'supertest';
import { monitoringPlugin } from './plugin';

// A real Prometheus (Debian package) scraping the synthetic festivals workload, started here.
jest.setTimeout(120_000);

const component = (name: string, job: string) =>
  monitoredComponent({ name, job, namespace: 'festivals-production' });

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

async function promQuery(baseUrl: string, params: Record<string, string>) {
  const res = await fetch(
    `${baseUrl}/api/v1/query?${new URLSearchParams(params)}`,
  );
  const body = await res.json();
  expect(body.status).toBe('success');
  return body.data.result as Array<{
    metric: Record<string, string>;
    value: [number, string];
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

  /** Sums of the backend's own counters, read from its /metrics endpoint. */
  async function backendCounters() {
    const text = (await request(server).get('/api/monitoring/metrics')).text;
    const sum = (re: RegExp) =>
      text
        .split('\n')
        .filter(line => re.test(line))
        .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
    return {
      upstream: sum(/^monitoring_upstream_requests_total\{/),
      hits: sum(/^monitoring_query_cache_requests_total\{result="hit"\}/),
      coalesced: sum(/^monitoring_query_coalesced_total /),
    };
  }

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

  // Each seed panel, written here from the seed's dashboards with the seed's
  // `namespace="festivals-production"` filter widened to the entity's matchers and `[5m]` to the
  // rate window the range implies (step 1s, scrape 1s → max(1+1, 4×1) = 4s).
  const SEL = 'namespace="festivals-production",job="festivals-api"';
  const seedPanels: Array<{ id: string; query: string; instant: boolean }> = [
    {
      id: 'request-rate',
      query: `sum(rate(http_requests_total{${SEL}}[4s])) by (service)`,
      instant: false,
    },
    {
      id: 'error-rate',
      query: `sum(rate(http_requests_total{${SEL},status=~"5.."}[4s])) / sum(rate(http_requests_total{${SEL}}[4s])) * 100`,
      instant: false,
    },
    {
      id: 'latency-p95',
      query: `histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{${SEL}}[4s])) by (le, service))`,
      instant: false,
    },
    {
      id: 'db-connections-active',
      query: `sum(db_connections_active{${SEL}})`,
      instant: false,
    },
    {
      id: 'tickets-sold-today',
      query: `sum(increase(tickets_sold_total{${SEL}}[24h]))`,
      instant: true,
    },
    {
      id: 'requests-by-endpoint',
      query: `topk(10, sum(rate(http_requests_total{${SEL}}[4s])) by (path))`,
      instant: true,
    },
    {
      id: 'slowest-endpoints-p99',
      query: `topk(10, histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{${SEL}}[4s])) by (le, path)))`,
      instant: true,
    },
    {
      id: 'error-rate-by-endpoint',
      query: `topk(10, sum(rate(http_requests_total{${SEL},status=~"5.."}[4s])) by (path))`,
      instant: true,
    },
  ];

  it('returns, for every seed panel of the API, what Prometheus computes for the seed query', async () => {
    const end = Math.floor(Date.now() / 1000) - 3;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        start: end - 60,
        end,
        maxDataPoints: 60,
      });
    expect(res.status).toBe(200);
    expect(res.body.step).toBe(1);
    for (const expected of seedPanels) {
      const panel = res.body.panels.find((p: any) => p.id === expected.id);
      expect({ id: expected.id, error: panel.error }).toEqual({
        id: expected.id,
        error: undefined,
      });
      const direct = expected.instant
        ? await promQuery(stack.prometheus.url, {
            query: expected.query,
            time: String(res.body.end),
          })
        : (
            await promQueryRange(stack.prometheus.url, {
              query: expected.query,
              start: String(res.body.start),
              end: String(res.body.end),
              step: String(res.body.step),
            })
          ).map(r => ({ metric: r.metric, values: r.values }));
      const byLabels = (a: any, b: any) =>
        JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels));
      const want = direct
        .map((r: any) => ({
          labels: r.metric,
          points: (r.values ?? [r.value]).map(([t, v]: [number, string]) => [
            t,
            Number.isFinite(Number(v)) ? Number(v) : null,
          ]),
        }))
        .sort(byLabels);
      const got = panel.series
        .map((s: any) => ({ labels: s.labels, points: s.points }))
        .sort(byLabels);
      expect({ id: expected.id, series: got }).toEqual({
        id: expected.id,
        series: want,
      });
      // Every API panel has data in the running workload.
      expect({ id: expected.id, count: got.length > 0 }).toEqual({
        id: expected.id,
        count: true,
      });
    }
  });

  it('sends one upstream request per panel for many identical viewers, then serves from cache', async () => {
    // A range that ended minutes ago: settled data, cached for the maximum TTL.
    const end = Math.floor(Date.now() / 1000) - 600;
    const query = {
      entityRef: 'component:default/festivals-api',
      start: end - 300,
      end,
      maxDataPoints: 100,
    };
    const before = await backendCounters();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(server).get('/api/monitoring/panels').query(query),
      ),
    );
    expect(responses.map(r => r.status)).toEqual(Array(50).fill(200));
    const afterBurst = await backendCounters();
    const panelCount = responses[0].body.panels.length;
    expect(panelCount).toBe(9);
    expect(afterBurst.upstream - before.upstream).toBe(panelCount);
    // The other 49 × 9 lookups were either joined in flight or answered by the cache.
    expect(
      afterBurst.coalesced - before.coalesced + (afterBurst.hits - before.hits),
    ).toBe(49 * panelCount);
    // Identical bodies for everyone.
    const first = JSON.stringify(responses[0].body);
    expect(responses.every(r => JSON.stringify(r.body) === first)).toBe(true);

    const again = await request(server)
      .get('/api/monitoring/panels')
      .query(query);
    expect(again.status).toBe(200);
    const afterRepeat = await backendCounters();
    expect(afterRepeat.upstream).toBe(afterBurst.upstream);
    expect(afterRepeat.hits - afterBurst.hits).toBe(panelCount);
  });

  it('reports the API healthy with the error rate Prometheus computes', async () => {
    const res = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: 'component:default/festivals-api' });
    expect(res.status).toBe(200);
    // The workload answers about 2% 5xx, far below the seed's 5% threshold.
    expect(res.body.state).toBe('healthy');
    expect(res.body.errors).toEqual([]);
    // The seed's error-rate expression over the card's window: one-minute sparkline step plus
    // one scrape (1s) = 61s, evaluated at the card's time.
    const [direct] = await promQuery(stack.prometheus.url, {
      query: `sum(rate(http_requests_total{${SEL},status=~"5.."}[61s])) / sum(rate(http_requests_total{${SEL}}[61s])) * 100`,
      time: String(res.body.time),
    });
    expect(res.body.errorRatePercent).toBe(Number(direct.value[1]));
    expect(res.body.errorRatePercent).toBeLessThan(5);
    expect(res.body.latencyP95Seconds).toBeGreaterThan(0);
    expect(res.body.requestRate.length).toBeGreaterThan(0);
    // No Alertmanager is wired into this backend: no counts rather than zeros.
    expect(res.body.alerts).toBeUndefined();
  });

  it('reports unknown for an entity Prometheus does not scrape', async () => {
    const res = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: 'component:default/injection' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('unknown');
    expect(res.body.reasons).toEqual([
      'Prometheus has no scrape target for this entity',
    ]);
  });

  it('serves its own metrics in Prometheus text format without a token', async () => {
    const res = await request(server).get('/api/monitoring/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /monitoring_upstream_requests_total\{upstream="prometheus",endpoint="query_range",outcome="ok"\} \d+/,
    );
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('lets a second replica answer from what the first fetched, through a shared Redis', async () => {
    // Redis is one of this machine's services (DESIGN.md: several replicas share the cache store).
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const replica = async () =>
      (
        await startTestBackend({
          features: [
            monitoringPlugin,
            cacheServiceFactory,
            catalogServiceMock.factory({ entities }),
            mockServices.rootConfig.factory({
              data: {
                backend: { cache: { store: 'redis', connection: redisUrl } },
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
        })
      ).server;
    const [a, b] = [await replica(), await replica()];
    // A settled range no earlier run asked for (keys include start and end).
    const end = Math.floor(Date.now() / 1000) - 900;
    const query = {
      entityRef: 'component:default/festivals-api',
      start: end - 600,
      end,
      maxDataPoints: 50,
    };
    const counters = async (replicaServer: any) => {
      const text = (await request(replicaServer).get('/api/monitoring/metrics'))
        .text;
      const sum = (prefix: string) =>
        text
          .split('\n')
          .filter(line => line.startsWith(prefix))
          .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
      return {
        upstream: sum('monitoring_upstream_requests_total{'),
        hits: sum('monitoring_query_cache_requests_total{result="hit"}'),
      };
    };

    const fromA = await request(a).get('/api/monitoring/panels').query(query);
    expect(fromA.status).toBe(200);
    expect((await counters(a)).upstream).toBe(9);

    const fromB = await request(b).get('/api/monitoring/panels').query(query);
    expect(fromB.status).toBe(200);
    expect(await counters(b)).toEqual({ upstream: 0, hits: 9 });
    expect(fromB.body).toEqual(fromA.body);
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
