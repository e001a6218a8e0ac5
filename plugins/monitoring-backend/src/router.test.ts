import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { closedPort, component, monitoredComponent } from '@internal/test-kit';
import request from 'supertest';
import { monitoringPlugin } from './plugin';

const api = monitoredComponent({
  name: 'festivals-api',
  job: 'festivals-api',
  namespace: 'festivals-production',
});

const website = component({ name: 'festivals-website', type: 'website' });

async function startBackend(options: {
  catalog?: any;
  prometheusUrl: string;
  extra?: any[];
}) {
  const { server } = await startTestBackend({
    features: [
      monitoringPlugin,
      ...(options.extra ?? []),
      options.catalog ??
        catalogServiceMock.factory({ entities: [api, website] }),
      mockServices.rootConfig.factory({
        data: {
          monitoring: {
            prometheus: {
              instances: [
                { name: 'main', baseUrl: options.prometheusUrl, timeout: '3s' },
              ],
            },
          },
        },
      }),
    ],
  });
  return server;
}

const now = Math.floor(Date.now() / 1000);
const range = { start: now - 3600, end: now };

describe('GET /api/monitoring/panels', () => {
  let prometheusUrl: string;
  beforeAll(async () => {
    prometheusUrl = `http://127.0.0.1:${await closedPort()}`;
  });

  it('refuses an unknown panel id with a 400 naming the field', async () => {
    const server = await startBackend({ prometheusUrl });
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate,bogus',
        ...range,
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(/panels: unknown panel id 'bogus'/);
  });

  it('answers each panel once however often it is named, and bounds the list', async () => {
    const server = await startBackend({ prometheusUrl });
    const repeated = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: Array(300).fill('request-rate').join(','),
        ...range,
      });
    expect(repeated.status).toBe(200);
    expect(repeated.body.panels.map((p: { id: string }) => p.id)).toEqual([
      'request-rate',
    ]);

    const tooMany = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: Array.from({ length: 60 }, (_, i) => `p${i}`).join(','),
        ...range,
      });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(
      /panels: at most \d+ distinct panel ids, got 60/,
    );
  });

  it.each([
    [{ start: now, end: now - 60 }, /end: must be after start/],
    [{ start: 'yesterday', end: now }, /start:/],
    [
      { start: now - 200 * 86400, end: now },
      /end: range must be at most 90 days/,
    ],
    [{ ...range, maxDataPoints: 50000 }, /maxDataPoints:/],
  ])(
    'refuses a bad range %j with a 400 naming the field',
    async (params, message) => {
      const server = await startBackend({ prometheusUrl });
      const res = await request(server)
        .get('/api/monitoring/panels')
        .query({ entityRef: 'component:default/festivals-api', ...params });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    },
  );

  it('refuses a missing or malformed entityRef', async () => {
    const server = await startBackend({ prometheusUrl });
    const missing = await request(server)
      .get('/api/monitoring/panels')
      .query(range);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/entityRef/);
    const malformed = await request(server)
      .get('/api/monitoring/panels')
      .query({ entityRef: 'component:default/', ...range });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/entityRef/);
  });

  it('answers 404 for an unknown entity', async () => {
    const server = await startBackend({ prometheusUrl });
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({ entityRef: 'component:default/nope', ...range });
    expect(res.status).toBe(404);
  });

  it('asks the permission framework whether this user may read the entity: denied is a 404', async () => {
    // Stands in for a catalog read policy: only alice may read the entity.
    const authorize = jest.fn(async (requests: any[], options: any) =>
      requests.map(() => ({
        result:
          options.credentials.principal.userEntityRef === 'user:default/alice'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    const server = await startBackend({
      prometheusUrl,
      extra: [mockServices.permissions.mock({ authorize } as any).factory],
    });
    const asBob = await request(server)
      .get('/api/monitoring/panels')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate',
        ...range,
      });
    expect(asBob.status).toBe(404);
    expect(asBob.body.error.message).toBe(
      'No entity component:default/festivals-api',
    );
    // Not even what the entity lacks leaks to a denied user: still the 404, not the 400.
    const bobOnWebsite = await request(server)
      .get('/api/monitoring/panels')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .query({ entityRef: 'component:default/festivals-website', ...range });
    expect(bobOnWebsite.status).toBe(404);
    const aliceOnWebsite = await request(server)
      .get('/api/monitoring/panels')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .query({ entityRef: 'component:default/festivals-website', ...range });
    expect(aliceOnWebsite.status).toBe(400);
    const asAlice = await request(server)
      .get('/api/monitoring/panels')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate',
        ...range,
      });
    expect(asAlice.status).toBe(200);
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'catalog.entity.read' }),
          resourceRef: 'component:default/festivals-api',
        },
      ],
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/alice',
          }),
        }),
      }),
    );
  });

  it('reads an entity once for many concurrent and repeated requests', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => api),
      // The scope check's look for rival claimants: none but the entity itself.
      getEntities: jest.fn(async () => ({ items: [api] })),
    });
    const server = await startBackend({
      catalog: catalog.factory,
      prometheusUrl,
    });
    const get = () =>
      request(server)
        .get('/api/monitoring/panels')
        .query({
          entityRef: 'component:default/festivals-api',
          panels: 'request-rate',
          ...range,
        });
    const statuses = await Promise.all(Array.from({ length: 20 }, get));
    expect(statuses.map(r => r.status)).toEqual(Array(20).fill(200));
    expect((await get()).status).toBe(200);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('refuses requests that do not come from a user (401 anonymous, 403 service)', async () => {
    const server = await startBackend({ prometheusUrl });
    const cases: Array<[string, number]> = [
      [mockCredentials.none.header(), 401],
      [mockCredentials.service.header(), 403],
    ];
    for (const [header, status] of cases) {
      const res = await request(server)
        .get('/api/monitoring/panels')
        .set('Authorization', header)
        .query({ entityRef: 'component:default/festivals-api', ...range });
      expect(res.status).toBe(status);
    }
  });

  it('names the missing annotation for an entity without monitoring', async () => {
    const server = await startBackend({ prometheusUrl });
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({ entityRef: 'component:default/festivals-website', ...range });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/monitoring\.festivals\.io\/job/);
  });

  it('reports Prometheus down inside each panel, without failing the request', async () => {
    const server = await startBackend({ prometheusUrl });
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api',
        panels: 'request-rate,error-rate',
        ...range,
      });
    expect(res.status).toBe(200);
    expect(res.body.panels).toHaveLength(2);
    for (const panel of res.body.panels) {
      expect(panel.series).toBeUndefined();
      expect(panel.error.upstream).toBe('prometheus');
      expect(panel.error.message).toContain(
        `Prometheus at ${prometheusUrl} is unreachable`,
      );
      expect(panel.error.message).not.toMatch(/\n\s+at /);
    }
    // The range answered is aligned to the step the backend chose.
    expect(res.body.start % res.body.step).toBe(0);
    expect(res.body.end % res.body.step).toBe(0);
  });
});

describe('GET /api/monitoring/health', () => {
  let prometheusUrl: string;
  beforeAll(async () => {
    prometheusUrl = `http://127.0.0.1:${await closedPort()}`;
  });

  it('refuses a missing entityRef with a 400 naming it, and unknown entities with a 404', async () => {
    const server = await startBackend({ prometheusUrl });
    const missing = await request(server).get('/api/monitoring/health');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/entityRef/);
    const unknown = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: 'component:default/nope' });
    expect(unknown.status).toBe(404);
  });

  it('is unknown, with Prometheus’ failure in words, when Prometheus is down', async () => {
    const server = await startBackend({ prometheusUrl });
    const res = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: 'component:default/festivals-api' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('unknown');
    expect(res.body.errors).toEqual([
      {
        upstream: 'prometheus',
        message: expect.stringContaining(
          `Prometheus at ${prometheusUrl} is unreachable`,
        ),
      },
    ]);
  });
});

describe('GET /api/monitoring/metrics', () => {
  it('is open to a scraper without a token, while the data routes are not', async () => {
    const server = await startBackend({
      prometheusUrl: `http://127.0.0.1:${await closedPort()}`,
    });
    const metrics = await request(server)
      .get('/api/monitoring/metrics')
      .set('Authorization', mockCredentials.none.header());
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain(
      '# TYPE monitoring_upstream_requests_total counter',
    );
    const panels = await request(server)
      .get('/api/monitoring/panels')
      .set('Authorization', mockCredentials.none.header())
      .query({ entityRef: 'component:default/festivals-api', ...range });
    expect(panels.status).toBe(401);
  });
});

describe('configured panels', () => {
  it('serves a panel added in monitoring.panels after the seed’s nine', async () => {
    const { server } = await startTestBackend({
      features: [
        monitoringPlugin,
        catalogServiceMock.factory({ entities: [api] }),
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
              panels: [
                {
                  id: 'in-flight',
                  title: 'In-flight requests',
                  unit: 'count',
                  query: 'sum(http_requests_in_flight$selector)',
                },
              ],
            },
          },
        }),
      ],
    });
    const res = await request(server)
      .get('/api/monitoring/panels')
      .query({ entityRef: 'component:default/festivals-api', ...range });
    expect(res.status).toBe(200);
    expect(res.body.panels.map((p: any) => p.id)).toHaveLength(10);
    expect(res.body.panels[9]).toMatchObject({
      id: 'in-flight',
      query:
        'sum(http_requests_in_flight{namespace="festivals-production",job="festivals-api"})',
    });
  });
});
