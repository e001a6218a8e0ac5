import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_WORKLOADS,
  repoRoot,
  startStack,
  waitForPrometheusValue,
  type RunningStack,
} from '@internal/local-stack';
import fs from 'node:fs';
import path from 'node:path';
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

const component = (
  name: string,
  job: string,
  annotations?: Record<string, string>,
) =>
  monitoredComponent({
    name,
    job,
    namespace: 'festivals-production',
    annotations,
  });

const entities = [
  component('festivals-api', 'festivals-api'),
  component('festivals-worker', 'festivals-worker'),
  // The same job with Grafana's `$__rate_interval` opted in.
  component('festivals-api-grafana', 'festivals-api', {
    'monitoring.festivals.io/rate-window': 'grafana',
  }),
  // A job value that would inject `vector(1)` if it were spliced into PromQL unescaped.
  component('injection', 'x"} or vector(1) or up{job="festivals-api'),
  // Service level objectives on the API (2 % of its requests fail) and on a service that never
  // fails (its own workload, errorRatio 0).
  component('festivals-api-slo', 'festivals-api', {
    'monitoring.festivals.io/slo-availability': '97% over 30d',
    'monitoring.festivals.io/slo-latency': '95% under 500ms over 30d',
  }),
  component('festivals-calm', 'festivals-calm', {
    'monitoring.festivals.io/slo-availability': '99.9% over 7d',
  }),
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
      workloads: [
        ...DEFAULT_WORKLOADS,
        { service: 'festivals-calm', role: 'api', errorRatio: 0 },
      ],
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
    // Wait until Prometheus holds several successful scrapes of the API. Counted on `up`, not
    // on the request counter: the minimum over its series would wait for the youngest one (a
    // status code first seen late), and on a loaded 2-core CI machine some 1 s scrapes time out.
    await waitForPrometheusValue(
      stack.prometheus.url,
      'sum_over_time(up{job="festivals-api"}[2m])',
      12,
      150_000,
    );
  }, 240_000);

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
      // Panel queries and the page's one alert-periods query (not the scrape-interval lookup
      // of the targets, made once by whichever test asks first).
      upstream: sum(
        /^monitoring_upstream_requests_total\{.*endpoint="query(_range)?"/,
      ),
      // "Which metrics does the entity export", asked when a panel came back empty.
      labelValues: sum(
        /^monitoring_upstream_requests_total\{.*endpoint="label values"/,
      ),
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
        'sum by (service) (rate(http_requests_total{namespace="festivals-production",job="festivals-api"}[5m]))',
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

  const SEL = 'namespace="festivals-production",job="festivals-api"';

  /**
   * The guide's own panels, read from docs/monitoring-guide.md's dashboard JSON (not built by
   * the code under test): title → expression, with the guide's `namespace="festivals-production"`
   * filter narrowed to the entity's job.
   */
  function guidePanels(): Map<string, string> {
    const guide = fs.readFileSync(
      path.join(repoRoot(), 'docs', 'monitoring-guide.md'),
      'utf8',
    );
    const exprs = new Map<string, string>();
    for (const heading of [
      '### Dashboard: Festivals Overview',
      '### Dashboard: API Performance',
    ]) {
      const from = guide.indexOf(heading);
      expect(from).toBeGreaterThan(-1);
      const json = /```json\n([\s\S]*?)```/.exec(guide.slice(from))![1];
      for (const panel of JSON.parse(json).dashboard.panels) {
        exprs.set(
          panel.title,
          panel.targets[0].expr.replaceAll(
            'namespace="festivals-production"',
            SEL,
          ),
        );
      }
    }
    return exprs;
  }

  // Product panel id → the guide panel's title (the product names "Active Connections" in full).
  const GUIDE_TITLES: Array<{ id: string; title: string; instant: boolean }> = [
    { id: 'request-rate', title: 'Request Rate', instant: false },
    { id: 'error-rate', title: 'Error Rate', instant: false },
    { id: 'latency-p95', title: 'Response Time (P95)', instant: false },
    {
      id: 'db-connections-active',
      title: 'Active Connections',
      instant: false,
    },
    { id: 'queue-depth', title: 'Queue Depth', instant: false },
    { id: 'tickets-sold-today', title: 'Tickets Sold Today', instant: true },
    {
      id: 'requests-by-endpoint',
      title: 'Requests by Endpoint',
      instant: true,
    },
    {
      id: 'slowest-endpoints-p99',
      title: 'Slowest Endpoints (P99)',
      instant: true,
    },
    {
      id: 'error-rate-by-endpoint',
      title: 'Error Rate by Endpoint',
      instant: true,
    },
  ];

  // The frontend's range presets, with the step a 600-point panel gets at a 1 s scrape interval.
  const PRESETS: Array<{ preset: string; seconds: number; step: number }> = [
    { preset: '15m', seconds: 900, step: 2 },
    { preset: '1h', seconds: 3600, step: 10 },
    { preset: '6h', seconds: 6 * 3600, step: 60 },
    { preset: '24h', seconds: 86400, step: 300 },
    { preset: '7d', seconds: 7 * 86400, step: 1200 },
  ];

  /** Sorted `{labels, points}` of a Prometheus answer, as the product's series carry them. */
  function normalize(
    rows: Array<{
      metric?: Record<string, string>;
      labels?: Record<string, string>;
      values?: [number, string | number | null][];
      value?: [number, string];
      points?: [number, number | null][];
    }>,
  ) {
    const num = (v: string | number | null) =>
      v === null || !Number.isFinite(Number(v)) ? null : Number(v);
    return rows
      .map(r => ({
        labels: r.labels ?? r.metric,
        points: (r.points ?? r.values ?? [r.value!]).map(
          ([t, v]) => [t, num(v)] as [number, number | null],
        ),
      }))
      .sort((a, b) =>
        JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
      );
  }

  it.each(PRESETS)(
    "shows, for every panel over the last $preset, the guide's expression as Prometheus evaluates it",
    async ({ seconds, step }) => {
      const guide = guidePanels();
      // A few seconds in the past, so both sides see the same, complete samples.
      const end = Math.floor(Date.now() / 1000) - 3;
      const res = await request(server)
        .get('/api/monitoring/panels')
        .query({
          entityRef: 'component:default/festivals-api',
          start: end - seconds,
          end,
          maxDataPoints: 600,
        });
      expect(res.status).toBe(200);
      expect(res.body.step).toBe(step);
      for (const { id, title, instant } of GUIDE_TITLES) {
        const panel = res.body.panels.find((p: any) => p.id === id);
        expect({ id, error: panel.error }).toEqual({ id, error: undefined });
        // The guide's `[5m]`; a time series widens it to the step when the step is longer,
        // so consecutive points never skip samples.
        const window = instant ? 300 : Math.max(300, step);
        const expr = guide.get(title)!.replaceAll('[5m]', `[${window}s]`);
        const direct = instant
          ? await promQuery(stack.prometheus.url, {
              query: expr,
              time: String(end),
            })
          : await promQueryRange(stack.prometheus.url, {
              query: expr,
              start: String(res.body.start),
              end: String(res.body.end),
              step: String(res.body.step),
            });
        // Active DB Connections also draws the pool size (db_connections_total): its "in use"
        // series is the guide's panel.
        const own =
          id === 'db-connections-active'
            ? panel.series
                .filter((x: any) => x.labels.series === 'in use')
                .map((x: any) => ({ ...x, labels: {} }))
            : panel.series;
        // Error Rate reads 0 % where requests were served and none had failed yet (the guide's
        // ratio has no point there, its 5xx series not existing yet): compared on the guide's
        // points, its other points must be 0. Other panels have no points the guide lacks.
        const guideTimes = new Set(
          normalize(direct).flatMap(r => r.points.map(([t]) => t)),
        );
        const extra = normalize(own).flatMap(r =>
          r.points
            .filter(([t]) => t <= end && !guideTimes.has(t))
            .map(([, v]) => v),
        );
        expect({
          id,
          unexpected: id === 'error-rate' ? extra.filter(v => v !== 0) : extra,
        }).toEqual({ id, unexpected: [] });
        const got = normalize(own).map(r => ({
          ...r,
          points: r.points.filter(([t]) => guideTimes.has(t)),
        }));
        // The grid ends at or up to a step after `end`, so the newest samples are in its last
        // point; that live point still changes while samples arrive (between this answer and
        // the direct query), so the two are compared up to `end`.
        const settled = (rows: ReturnType<typeof normalize>) =>
          rows
            .map(r => ({ ...r, points: r.points.filter(([t]) => t <= end) }))
            .filter(r => r.points.length > 0);
        expect({ id, series: settled(got) }).toEqual({
          id,
          series: settled(normalize(direct)),
        });
        // Stats and tables are evaluated at the end of the range, not at the last step boundary.
        const evaluatedAt = got.map(g => g.points.map(([t]) => t));
        expect({ id, evaluatedAt: instant ? evaluatedAt : 'range' }).toEqual({
          id,
          evaluatedAt: instant ? got.map(() => [end]) : 'range',
        });
        // Every panel has data, at every range: stats and tables are evaluated at `end`, and a
        // time series' last point lies at or after `end` (less than a step later), so even at
        // 7 d (20 min steps) this young stack's newest samples are in it. (Rounded down, the
        // grid ended before the stack's first scrape: "No series" while it served traffic.)
        expect({ id, hasData: got.length > 0 || id === 'queue-depth' }).toEqual(
          {
            id,
            hasData: true,
          },
        );
        const times = got.flatMap(g => g.points.map(([t]) => t));
        const last = times.length ? Math.max(...times) : end;
        expect({
          id,
          lastFromEnd: instant || (last >= end && last - end < step),
        }).toEqual({ id, lastFromEnd: true });
      }
    },
  );

  it('reads Error Rate 0 % for a service that serves requests and fails none (the guide has no point)', async () => {
    const end = Math.floor(Date.now() / 1000) - 3;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-calm',
        panels: 'error-rate,request-rate',
        start: end - 120,
        end,
        maxDataPoints: 60,
      });
    expect(res.status).toBe(200);
    const [errorRate, requestRate] = res.body.panels;
    const served = requestRate.series[0].points.filter(
      ([t, v]: [number, number | null]) => t <= end && v !== null && v > 0,
    );
    expect(served.length).toBeGreaterThan(0);
    const rates = new Map(
      errorRate.series[0].points.map(([t, v]: [number, number]) => [t, v]),
    );
    for (const [t] of served)
      expect({ t, rate: rates.get(t) }).toEqual({ t, rate: 0 });
    // The guide's own expression has nothing to show here: no 5xx series exists.
    const guide = guidePanels()
      .get('Error Rate')!
      .replaceAll(SEL, 'namespace="festivals-production",job="festivals-calm"');
    expect(
      await promQuery(stack.prometheus.url, {
        query: guide,
        time: String(end),
      }),
    ).toEqual([]);
  });

  it('computes the SLO panels from the raw metrics Prometheus holds, and says how much it holds', async () => {
    // A counter's first value is not an increase (each 5xx series of a young stack is born at
    // 1 or more): wait until Prometheus itself sees failed and slow requests increase.
    await waitForPrometheusValue(
      stack.prometheus.url,
      `sum(increase(http_requests_total{${SEL},status=~"5.."}[1h]))`,
      2,
      90_000,
    );
    await waitForPrometheusValue(
      stack.prometheus.url,
      `sum(increase(http_request_duration_seconds_count{${SEL}}[1h])) - sum(increase(http_request_duration_seconds_bucket{${SEL},le="0.5"}[1h]))`,
      2,
      90_000,
    );
    const end = Math.floor(Date.now() / 1000) - 3;
    const ask = (entity: string) =>
      request(server)
        .get('/api/monitoring/panels')
        .query({
          entityRef: `component:default/${entity}`,
          start: end - 300,
          end,
          maxDataPoints: 60,
        });
    const value = (panel: any, series: string) =>
      panel.series.find((x: any) => x.labels.series === series)?.points[0][1];
    const api = await ask('festivals-api-slo');
    expect(api.status).toBe(200);
    const slo = api.body.panels.filter((p: any) => p.slo);
    expect(slo.map((p: any) => p.id)).toEqual([
      'slo-availability-budget',
      'slo-availability-burn-rate',
      'slo-latency-budget',
      'slo-latency-burn-rate',
    ]);
    for (const panel of slo) {
      expect({ id: panel.id, error: panel.error }).toEqual({
        id: panel.id,
        error: undefined,
      });
      expect(panel.series.length).toBeGreaterThan(0);
    }
    // 2 % of the API's requests fail, against a 3 % budget; about 1.5 % take over 500 ms,
    // against 5 %: some of each budget is spent.
    const availability = value(slo[0], 'budget left');
    expect(availability).toBeLessThan(100);
    expect(value(slo[2], 'budget left')).toBeLessThan(100);
    // The stack is minutes old: Prometheus holds minutes of the 30 days, and the answer says so.
    const coverage = value(slo[0], 'data seconds');
    expect(coverage).toBeGreaterThanOrEqual(0);
    expect(coverage).toBeLessThan(30 * 60);
    // Burn rates are drawn over the range against the workbook's 14.4× and 6×.
    expect(slo[1].thresholds.map((t: any) => t.value)).toEqual([14.4, 6]);
    expect(
      slo[1].series[0].points.some(
        ([, v]: [number, number | null]) => v !== null && v > 0,
      ),
    ).toBe(true);

    // A service that never fails keeps its whole budget and burns none of it.
    const calm = await ask('festivals-calm');
    const calmSlo = calm.body.panels.filter((p: any) => p.slo);
    expect(value(calmSlo[0], 'budget left')).toBe(100);
    const burn = calmSlo[1].series[0].points
      .map(([, v]: [number, number | null]) => v)
      .filter((v: number | null) => v !== null);
    expect(burn.length).toBeGreaterThan(0);
    expect(new Set(burn)).toEqual(new Set([0]));
  });

  it("uses Grafana's $__rate_interval for an entity that opts in", async () => {
    const end = Math.floor(Date.now() / 1000) - 3;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api-grafana',
        panels: 'request-rate,requests-by-endpoint',
        start: end - 3600,
        end,
        maxDataPoints: 600,
      });
    expect(res.status).toBe(200);
    expect(res.body.step).toBe(10);
    const guide = guidePanels();
    // max(step + scrape, 4 × scrape) = max(10 + 1, 4) = 11 s.
    const [rate, table] = res.body.panels;
    const directRate = await promQueryRange(stack.prometheus.url, {
      query: guide.get('Request Rate')!.replaceAll('[5m]', '[11s]'),
      start: String(res.body.start),
      end: String(res.body.end),
      step: String(res.body.step),
    });
    expect(normalize(rate.series)).toEqual(normalize(directRate));
    const directTable = await promQuery(stack.prometheus.url, {
      query: guide.get('Requests by Endpoint')!.replaceAll('[5m]', '[11s]'),
      time: String(end),
    });
    expect(normalize(table.series)).toEqual(normalize(directTable));
    expect(directTable.length).toBeGreaterThan(0);
  });

  it('takes the scrape interval from Prometheus, not from a config that says otherwise', async () => {
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
                    scrapeInterval: '15s',
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    const end = Math.floor(Date.now() / 1000);
    const ask = () =>
      request(backend.server)
        .get('/api/monitoring/panels')
        .query({
          entityRef: 'component:default/festivals-api',
          panels: 'request-rate',
          start: end - 900,
          end,
          maxDataPoints: 600,
        });
    // The first answer may still use the configured value while the targets are read.
    await ask();
    const res = await ask();
    expect(res.status).toBe(200);
    // 15 min over 600 points at the targets' 1 s scrape: 2 s (15 s if config were used).
    expect(res.body.step).toBe(2);
    await backend.stop();
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
    // Fifty different viewers: one user's fifty requests at once would meet the per-user
    // concurrency limit (16) and get 429s whenever they overlap, as on a loaded machine.
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(server)
          .get('/api/monitoring/panels')
          .set(
            'Authorization',
            mockCredentials.user.header(`user:default/viewer-${i}`),
          )
          .query(query),
      ),
    );
    expect(responses.map(r => r.status)).toEqual(Array(50).fill(200));
    const afterBurst = await backendCounters();
    const panelCount = responses[0].body.panels.length;
    expect(panelCount).toBe(9);
    // One per panel and one for the alerts' firing periods; the API's empty Queue Depth asks
    // once (or not at all when an earlier test's answer is still cached) which metrics it has.
    expect(afterBurst.upstream - before.upstream).toBe(panelCount + 1);
    const lookups = afterBurst.labelValues - before.labelValues;
    expect(lookups).toBeLessThanOrEqual(1);
    // The other 49 viewers shared the first one's whole answer (SharedAnswers), or their
    // lookups were joined in flight or answered by the cache.
    expect(
      afterBurst.coalesced - before.coalesced + (afterBurst.hits - before.hits),
    ).toBeLessThanOrEqual(49 * (panelCount + 1) + 50 - lookups);
    // Identical bodies for everyone.
    const first = JSON.stringify(responses[0].body);
    expect(responses.every(r => JSON.stringify(r.body) === first)).toBe(true);

    // Past the second a finished answer is shared: this one comes from the query cache.
    await new Promise(r => setTimeout(r, 1100));
    const again = await request(server)
      .get('/api/monitoring/panels')
      .query(query);
    expect(again.status).toBe(200);
    const afterRepeat = await backendCounters();
    expect(afterRepeat.upstream).toBe(afterBurst.upstream);
    expect(afterRepeat.labelValues).toBe(afterBurst.labelValues);
    expect(afterRepeat.hits - afterBurst.hits).toBe(panelCount + 2);
  });

  it('reports the API healthy with the error rate Prometheus computes', async () => {
    const res = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: 'component:default/festivals-api' });
    expect(res.status).toBe(200);
    // The workload answers about 2% 5xx, far below the seed's 5% threshold.
    expect(res.body.state).toBe('healthy');
    expect(res.body.errors).toEqual([]);
    // The guide's FestivalsHighErrorRate / FestivalsHighLatency expressions (their `[5m]`
    // window, without the comparison), evaluated at the card's time.
    const [direct] = await promQuery(stack.prometheus.url, {
      query: `sum(rate(http_requests_total{${SEL},status=~"5.."}[5m])) / sum(rate(http_requests_total{${SEL}}[5m])) * 100`,
      time: String(res.body.time),
    });
    expect(res.body.errorRatePercent).toBe(Number(direct.value[1]));
    const [p95] = await promQuery(stack.prometheus.url, {
      query: `histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{${SEL}}[5m])) by (le))`,
      time: String(res.body.time),
    });
    expect(res.body.latencyP95Seconds).toBe(Number(p95.value[1]));
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
    // Cache keys include the instance name: a name of this run's own keeps runs of this test in
    // other checkouts on the same Redis (same queries, same step) from answering for it.
    const instanceName = `local-${process.pid}-${Date.now()}`;
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
                        name: instanceName,
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
      const sum = (prefix: string, keep = (_line: string) => true) =>
        text
          .split('\n')
          .filter(line => line.startsWith(prefix) && keep(line))
          .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
      const targets = (line: string) => line.includes('endpoint="targets"');
      return {
        // Panel queries; each replica also reads the targets once, for the scrape interval.
        upstream: sum('monitoring_upstream_requests_total{', l => !targets(l)),
        targets: sum('monitoring_upstream_requests_total{', targets),
        hits: sum('monitoring_query_cache_requests_total{result="hit"}'),
      };
    };

    const fromA = await request(a).get('/api/monitoring/panels').query(query);
    expect(fromA.status).toBe(200);
    // Nine panels, the alerts' firing periods, and which metrics the API exports (its Queue
    // Depth is empty).
    expect(await counters(a)).toEqual({ upstream: 11, targets: 1, hits: 0 });

    const fromB = await request(b).get('/api/monitoring/panels').query(query);
    expect(fromB.status).toBe(200);
    expect(await counters(b)).toEqual({ upstream: 0, targets: 1, hits: 11 });
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
    // ... and it never exported http_requests_total: "not exported", not "no data".
    expect(requestRate.exported).toBe(false);
    expect(queueDepth.exported).toBeUndefined();
    expect(queueDepth.series.map((s: any) => s.name).sort()).toEqual([
      'emails',
      'payouts',
      'ticket-pdf',
    ]);
  });

  it('never calls a metric missing from the range (an outage) "not exported"', async () => {
    // A range that ended before the stack started: no sample of any metric in it, yet the API
    // exports them.
    const end = Math.floor(Date.now() / 1000) - 3 * 3600;
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate,queue-depth',
        start: end - 600,
        end,
        maxDataPoints: 60,
      });
    expect(res.status).toBe(200);
    const [requestRate, queueDepth] = res.body.panels;
    expect(requestRate.series).toEqual([]);
    expect(requestRate.exported).toBeUndefined();
    // The API has no queue at all: that one is not exported.
    expect(queueDepth.series).toEqual([]);
    expect(queueDepth.exported).toBe(false);
  });

  it('ends a relative range’s last point at or after now, within one step, with data', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate,db-connections-active',
        start: now - 7 * 86400,
        end: now,
        maxDataPoints: 600,
      });
    expect(res.status).toBe(200);
    expect(res.body.step).toBe(1200);
    expect(res.body.end).toBeGreaterThanOrEqual(now);
    expect(res.body.end - now).toBeLessThan(res.body.step);
    // The stack is minutes old: rounding the end down left no point at all.
    for (const panel of res.body.panels) {
      const points = panel.series.flatMap((s: any) => s.points);
      const last = Math.max(...points.map(([t]: [number]) => t));
      expect({ id: panel.id, last }).toEqual({
        id: panel.id,
        last: res.body.end,
      });
    }
    const db = res.body.panels[1];
    expect(db.series.map((s: any) => s.name).sort()).toEqual([
      'in use',
      'pool size',
    ]);
    expect(db.limitSeries).toBe('pool size');
    // The alerts' firing periods were read (Prometheus accepted the ALERTS query).
    expect(res.body.alertPeriodsError).toBeUndefined();
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
