import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { closedPort, component, monitoredComponent } from '@internal/test-kit';
import {
  AlertmanagerClient,
  alertmanagerClientServiceRef,
  AlertmanagerSilence,
} from '@internal/plugin-monitoring-node';
import net from 'node:net';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

const api = monitoredComponent({
  name: 'festivals-api',
  job: 'festivals-api',
  namespace: 'festivals-production',
});
const elsewhere = monitoredComponent({
  name: 'elsewhere',
  job: 'festivals-api',
  namespace: 'elsewhere',
  alertmanager: 'nope',
});
const website = component({ name: 'festivals-website' });

const apiRef = 'component:default/festivals-api';
const scope = [
  {
    name: 'namespace',
    value: 'festivals-production',
    isRegex: false,
    isEqual: true,
  },
  { name: 'service', value: 'festivals-api', isRegex: false, isEqual: true },
];
const silenceId = '0b6f3c1e-3f7a-4d5e-9a51-8c2b7c0e1a11';

function silence(
  overrides: Partial<AlertmanagerSilence> = {},
): AlertmanagerSilence {
  return {
    id: silenceId,
    matchers: scope,
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2026-01-01T01:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    createdBy: 'user:default/alice',
    comment: 'deploying a fix',
    status: { state: 'active' },
    ...overrides,
  };
}

async function startBackend(
  options: {
    alertmanagerUrl?: string;
    deny?: boolean;
    spy?: (client: AlertmanagerClient) => void;
    auditor?: ReturnType<typeof mockServices.auditor.mock>;
  } = {},
) {
  const alertmanagerUrl =
    options.alertmanagerUrl ?? `http://127.0.0.1:${await closedPort()}`;
  const config = {
    monitoring: {
      prometheus: {
        instances: [{ name: 'main', baseUrl: alertmanagerUrl }],
      },
      alertmanager: {
        instances: [{ name: 'main', baseUrl: alertmanagerUrl, timeout: '3s' }],
      },
    },
  };
  const client = AlertmanagerClient.create({
    config: mockServices.rootConfig({ data: config }),
  });
  options.spy?.(client);
  const permissions = mockServices.permissions.mock({
    // `deny` denies the monitoring permissions; reading the entity stays allowed.
    authorize: jest.fn(async requests =>
      requests.map(r => ({
        result:
          options.deny && r.permission.name.startsWith('monitoring.')
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    ),
  });
  const { server } = await startTestBackend({
    features: [
      monitoringPlugin,
      catalogServiceMock.factory({ entities: [api, elsewhere, website] }),
      mockServices.rootConfig.factory({ data: config }),
      permissions.factory,
      ...(options.auditor ? [options.auditor.factory] : []),
      createServiceFactory({
        service: alertmanagerClientServiceRef,
        deps: {},
        factory: () => client,
      }),
    ],
  });
  return { server, client, permissions, alertmanagerUrl };
}

const validSilence = {
  entityRef: apiRef,
  matchers: [...scope, { name: 'alertname', value: 'FestivalsHighErrorRate' }],
  endsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
  comment: 'deploying a fix',
};

describe('alerts routes', () => {
  it('refuses a missing or malformed entityRef with a 400 naming it', async () => {
    const { server } = await startBackend();
    for (const query of [{}, { entityRef: 'component:default/' }]) {
      for (const path of ['alerts', 'rules', 'silences']) {
        const res = await request(server)
          .get(`/api/monitoring/${path}`)
          .query(query);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/entityRef/);
      }
    }
  });

  it('answers 404 for an unknown entity and names the missing annotation', async () => {
    const { server } = await startBackend();
    const unknown = await request(server)
      .get('/api/monitoring/alerts')
      .query({ entityRef: 'component:default/nope' });
    expect(unknown.status).toBe(404);
    const bare = await request(server)
      .get('/api/monitoring/alerts')
      .query({ entityRef: 'component:default/festivals-website' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/monitoring\.festivals\.io\/job/);
  });

  it('names an annotation that points at an unconfigured Alertmanager', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/monitoring/alerts')
      .query({ entityRef: 'component:default/elsewhere' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Entity component:default/elsewhere annotation monitoring.festivals.io/alertmanager names Alertmanager instance 'nope', which is not configured (configured: main)",
    );
  });

  it('says which Alertmanager is down and what to check (503)', async () => {
    const { server, alertmanagerUrl } = await startBackend();
    for (const path of ['alerts', 'silences']) {
      const res = await request(server)
        .get(`/api/monitoring/${path}`)
        .query({ entityRef: apiRef });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        `Alertmanager at ${alertmanagerUrl} is unreachable (ECONNREFUSED). Check that it is running and that monitoring.alertmanager.instances has the right baseUrl.`,
      );
    }
    const rules = await request(server)
      .get('/api/monitoring/rules')
      .query({ entityRef: apiRef });
    expect(rules.status).toBe(503);
    expect(rules.body.error.message).toMatch(
      `Prometheus at ${alertmanagerUrl} is unreachable`,
    );
  });

  it('gives up on a hung Alertmanager after its timeout and says so (503)', async () => {
    // Accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const hung = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(r => hung.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`;
    try {
      const { server } = await startBackend({ alertmanagerUrl: url });
      const started = Date.now();
      const res = await request(server)
        .get('/api/monitoring/alerts')
        .query({ entityRef: apiRef });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        `Alertmanager at ${url} did not answer within 3s. Check that it is healthy, then retry.`,
      );
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      sockets.forEach(s => s.destroy());
      await new Promise(r => hung.close(r));
    }
  });

  it('refuses non-user callers (401 anonymous, 403 service)', async () => {
    const { server } = await startBackend();
    const cases: Array<[string, number]> = [
      [mockCredentials.none.header(), 401],
      [mockCredentials.service.header(), 403],
    ];
    for (const [header, status] of cases) {
      const res = await request(server)
        .get('/api/monitoring/alerts')
        .set('Authorization', header)
        .query({ entityRef: apiRef });
      expect(res.status).toBe(status);
    }
  });
});

describe('POST /silences', () => {
  it.each([
    [{ comment: '   ' }, /comment: is required/],
    [{ endsAt: 'tomorrow' }, /endsAt:/],
    [
      { endsAt: new Date(Date.now() + 31 * 86400_000).toISOString() },
      /endsAt: a silence may last at most 30 days/,
    ],
    [
      { endsAt: new Date(Date.now() - 60_000).toISOString() },
      /endsAt: must be in the future/,
    ],
    [
      {
        matchers: [...scope, { name: 'alertname', value: 'x'.repeat(50_000) }],
      },
      /matchers\.2\.value/,
    ],
    [
      { matchers: [...scope, { ...scope[1], value: 'festivals-worker' }] },
      /one 'service' matcher, found 2/,
    ],
    [{ matchers: [] }, /matchers:/],
    [
      { matchers: [{ name: 'alertname', value: 'X' }] },
      /matchers: a silence for this entity must include namespace="festivals-production", service="festivals-api"/,
    ],
    [
      {
        matchers: [
          scope[0],
          { ...scope[1], value: 'festivals-worker' },
          { name: 'alertname', value: 'X' },
        ],
      },
      /must include service="festivals-api"/,
    ],
  ])('refuses %j with a 400 naming the field', async (patch, message) => {
    const createSilence = jest.fn();
    const { server } = await startBackend({
      spy: c => {
        c.createSilence = createSilence;
      },
    });
    const res = await request(server)
      .post('/api/monitoring/silences')
      .send({ ...validSilence, ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(createSilence).not.toHaveBeenCalled();
  });

  it('creates the silence as the signed-in user, ignoring a typed createdBy', async () => {
    const createSilence = jest.fn(async () => silenceId);
    const { server, permissions } = await startBackend({
      spy: c => {
        c.createSilence = createSilence;
      },
    });
    const res = await request(server)
      .post('/api/monitoring/silences')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ ...validSilence, createdBy: 'user:default/mallory' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ silenceId });
    expect(createSilence).toHaveBeenCalledTimes(1);
    const [instance, sent] = createSilence.mock.calls[0] as unknown as [
      { name: string },
      Record<string, unknown>,
    ];
    expect(instance.name).toBe('main');
    expect(sent).toEqual({
      matchers: [
        ...scope,
        {
          name: 'alertname',
          value: 'FestivalsHighErrorRate',
          isRegex: false,
          isEqual: true,
        },
      ],
      startsAt: expect.any(String),
      endsAt: validSilence.endsAt,
      createdBy: 'user:default/alice',
      comment: 'deploying a fix',
    });
    expect(
      Math.abs(Date.parse(sent.startsAt as string) - Date.now()),
    ).toBeLessThan(10_000);
    // The permission was checked for this entity with alice's credentials.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'monitoring.silence.create',
          }),
          resourceRef: apiRef,
        },
      ],
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/alice',
          }),
        }),
      },
    );
  });

  it('records who created which silence, and refused attempts, with the auditor', async () => {
    const events: Array<{ options: any; success: jest.Mock; fail: jest.Mock }> =
      [];
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async options => {
        const event = { options, success: jest.fn(), fail: jest.fn() };
        events.push(event);
        return event;
      }),
    });
    const { server } = await startBackend({
      auditor,
      spy: c => {
        c.createSilence = jest.fn(async () => silenceId);
      },
    });
    await request(server)
      .post('/api/monitoring/silences')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send(validSilence)
      .expect(201);
    expect(events[0].options).toMatchObject({
      eventId: 'silence-create',
      meta: { entityRef: apiRef, comment: 'deploying a fix' },
    });
    expect(events[0].success).toHaveBeenCalledWith({
      meta: { silenceId, alertmanager: 'main' },
    });

    const denied = await startBackend({ auditor, deny: true });
    await request(denied.server)
      .post('/api/monitoring/silences')
      .send(validSilence)
      .expect(403);
    expect(events[1].options.eventId).toBe('silence-create');
    expect(events[1].success).not.toHaveBeenCalled();
    expect(events[1].fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
  });

  it('answers 403 and creates nothing when the permission is denied', async () => {
    const createSilence = jest.fn();
    const { server } = await startBackend({
      deny: true,
      spy: c => {
        c.createSilence = createSilence;
      },
    });
    const res = await request(server)
      .post('/api/monitoring/silences')
      .send(validSilence);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/monitoring\.silence\.create/);
    expect(createSilence).not.toHaveBeenCalled();
  });
});

describe('DELETE /silences/:id', () => {
  async function expire(
    found: AlertmanagerSilence | undefined,
    id = silenceId,
  ) {
    const expireSilence = jest.fn(async () => {});
    const { server } = await startBackend({
      spy: c => {
        c.getSilence = jest.fn(async () => found);
        c.expireSilence = expireSilence;
      },
    });
    const res = await request(server)
      .delete(`/api/monitoring/silences/${id}`)
      .query({ entityRef: apiRef });
    return { res, expireSilence };
  }

  it('expires one of the entity’s active silences', async () => {
    const { res, expireSilence } = await expire(silence());
    expect(res.status).toBe(204);
    expect(expireSilence).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'main' }),
      silenceId,
    );
  });

  it('answers 404 for an unknown silence and for another entity’s silence', async () => {
    for (const found of [
      undefined,
      silence({
        matchers: [scope[0], { ...scope[1], value: 'festivals-worker' }],
      }),
    ]) {
      const { res, expireSilence } = await expire(found);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `Alertmanager main has no silence ${silenceId} for ${apiRef}`,
      );
      expect(expireSilence).not.toHaveBeenCalled();
    }
  });

  it('answers 409 for an already expired silence', async () => {
    const { res, expireSilence } = await expire(
      silence({ status: { state: 'expired' } }),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `Silence ${silenceId} has already expired (at 2026-01-01T01:00:00Z); nothing to do`,
    );
    expect(expireSilence).not.toHaveBeenCalled();
  });

  it('refuses an id that is not a silence id', async () => {
    const { res } = await expire(silence(), 'not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/id: Invalid uuid/);
  });

  it('answers 403 and expires nothing when the permission is denied', async () => {
    const expireSilence = jest.fn();
    const { server } = await startBackend({
      deny: true,
      spy: c => {
        c.expireSilence = expireSilence;
      },
    });
    const res = await request(server)
      .delete(`/api/monitoring/silences/${silenceId}`)
      .query({ entityRef: apiRef });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/monitoring\.silence\.expire/);
    expect(expireSilence).not.toHaveBeenCalled();
  });
});
