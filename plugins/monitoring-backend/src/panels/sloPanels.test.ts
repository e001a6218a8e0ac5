import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { closedPort, monitoredComponent } from '@internal/test-kit';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

const AVAILABILITY = 'monitoring.festivals.io/slo-availability';
const LATENCY = 'monitoring.festivals.io/slo-latency';

const entity = (name: string, annotations?: Record<string, string>) =>
  monitoredComponent({
    name,
    job: name,
    namespace: 'festivals-production',
    annotations,
  });

const entities = [
  entity('with-slo', {
    [AVAILABILITY]: '99.5% over 30d',
    [LATENCY]: '95% under 500ms over 30d',
  }),
  entity('without-slo'),
  entity('bad-latency', {
    [AVAILABILITY]: '99.9% over 28d',
    [LATENCY]: '95% under 300ms over 30d',
  }),
];

const now = Math.floor(Date.now() / 1000);
const range = { start: now - 3600, end: now };

describe('SLO panels on GET /api/monitoring/panels', () => {
  let server: any;
  beforeAll(async () => {
    // Prometheus is down: each panel carries its error, and the query it would have run.
    const prometheusUrl = `http://127.0.0.1:${await closedPort()}`;
    ({ server } = await startTestBackend({
      features: [
        monitoringPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            monitoring: {
              prometheus: {
                instances: [{ name: 'main', baseUrl: prometheusUrl }],
              },
            },
          },
        }),
      ],
    }));
  });

  const get = (name: string, panels?: string) =>
    request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: `component:default/${name}`,
        ...(panels && { panels }),
        ...range,
      });

  it('adds a budget and a burn-rate panel per objective to the page, scoped to the entity', async () => {
    const res = await get('with-slo');
    expect(res.status).toBe(200);
    const slo = res.body.panels.filter((p: any) => p.slo);
    expect(slo.map((p: any) => [p.id, p.slo.role])).toEqual([
      ['slo-availability-budget', 'budget'],
      ['slo-availability-burn-rate', 'burn-rate'],
      ['slo-latency-budget', 'budget'],
      ['slo-latency-burn-rate', 'burn-rate'],
    ]);
    expect(slo[2].slo.objective).toEqual({
      kind: 'latency',
      objectivePercent: 95,
      windowDays: 30,
      thresholdSeconds: 0.5,
    });
    for (const panel of slo) {
      expect(panel.query).toContain(
        'namespace="festivals-production",job="with-slo"',
      );
    }
    expect(slo[0].query).toContain('[30d]');
    expect(slo[1].thresholds.map((t: any) => t.value)).toEqual([14.4, 6]);
    expect(res.body.sloErrors).toBeUndefined();
  });

  it('offers no SLO panels to an entity without the annotations, and refuses them by id naming the annotation', async () => {
    const page = await get('without-slo');
    expect(page.status).toBe(200);
    expect(page.body.panels.some((p: any) => p.slo)).toBe(false);

    const res = await get(
      'without-slo',
      'request-rate,slo-availability-budget',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(
      `'slo-availability-budget' needs the ${AVAILABILITY} annotation`,
    );
  });

  it('shows one error naming an annotation that does not parse, and keeps the rest of the page', async () => {
    const page = await get('bad-latency');
    expect(page.status).toBe(200);
    expect(page.body.sloErrors).toHaveLength(1);
    expect(page.body.sloErrors[0]).toContain(LATENCY);
    expect(page.body.sloErrors[0]).toContain(
      '"<percent>% under <threshold> over <days>d"',
    );
    expect(
      page.body.panels.filter((p: any) => p.slo).map((p: any) => p.id),
    ).toEqual(['slo-availability-budget', 'slo-availability-burn-rate']);
    expect(
      page.body.panels.find((p: any) => p.id === 'request-rate'),
    ).toBeDefined();
    // 28 days: 2 % of the budget in 1 h is 13.44×, 5 % in 6 h is 5.6×.
    expect(
      page.body.panels
        .find((p: any) => p.id === 'slo-availability-burn-rate')
        .thresholds.map((t: any) => t.value),
    ).toEqual([13.44, 5.6]);

    const res = await get('bad-latency', 'slo-latency-burn-rate');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`valid ${LATENCY} annotation`);
    expect(res.body.error.message).toContain('bucket');
  });
});
