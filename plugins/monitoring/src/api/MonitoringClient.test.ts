import { mockApis } from '@backstage/test-utils';
import { MonitoringClient } from './MonitoringClient';

function clientWith(respond: () => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new MonitoringClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: {
      fetch: async (input: any, init?: RequestInit) => {
        calls.push({ url: String(input), init });
        return respond();
      },
    },
  });
  return { client, calls };
}

const ok =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status });

describe('MonitoringClient: panels and health', () => {
  it('sends the entity, panel ids and whole-second range, URL-encoded', async () => {
    const body = { entityRef: 'component:default/a b', panels: [] };
    const { client, calls } = clientWith(ok(body));
    const result = await client.getPanels({
      entityRef: 'component:default/a b',
      panelIds: ['request-rate', 'error-rate'],
      start: 100.7,
      end: 200.2,
      maxDataPoints: 612.4,
    });
    expect(result).toEqual(body);
    const url = new URL(calls[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://backstage:7007/api/monitoring/panels',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/a b',
      panels: 'request-rate,error-rate',
      start: '100',
      end: '200',
      maxDataPoints: '612',
    });
  });

  it('throws a ResponseError carrying the backend’s message and status', async () => {
    const { client } = clientWith(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: "Invalid request: panels: unknown panel id 'x'",
            },
            request: { method: 'GET', url: '/panels' },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client
      .getPanels({
        entityRef: 'component:default/a',
        panelIds: ['x'],
        start: 0,
        end: 60,
      })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toMatch(/panels: unknown panel id 'x'/);
  });

  it('asks for the health of one entity', async () => {
    const body = { entityRef: 'component:default/a', state: 'healthy' };
    const { client, calls } = clientWith(ok(body));
    expect(
      await client.getHealth({ entityRef: 'component:default/a' }),
    ).toEqual(body);
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/monitoring/health');
    expect(url.searchParams.get('entityRef')).toBe('component:default/a');
  });
});

describe('MonitoringClient: alerts, rules and silences', () => {
  it.each([
    ['getAlerts', 'alerts'],
    ['getRules', 'rules'],
    ['getSilences', 'silences'],
    ['getTeamRunbooks', 'runbooks'],
  ] as const)(
    '%s asks /%s for the URL-encoded entity',
    async (method, path) => {
      const { client, calls } = clientWith(ok({ ok: true }));
      expect(await client[method]('component:default/a b&c')).toEqual({
        ok: true,
      });
      const url = new URL(calls[0].url);
      expect(`${url.origin}${url.pathname}`).toBe(
        `http://backstage:7007/api/monitoring/${path}`,
      );
      expect(url.searchParams.get('entityRef')).toBe('component:default/a b&c');
    },
  );

  it('posts a new silence as JSON', async () => {
    const { client, calls } = clientWith(ok({ silenceId: 's' }, 201));
    const request = {
      entityRef: 'component:default/a',
      matchers: [
        { name: 'service', value: 'a', isRegex: false, isEqual: true },
      ],
      endsAt: '2030-01-01T00:00:00Z',
      comment: 'c',
    };
    expect(await client.createSilence(request)).toEqual({ silenceId: 's' });
    expect(calls[0].url).toBe('http://backstage:7007/api/monitoring/silences');
    expect(calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual(request);
  });

  it('expires with DELETE, id and entity encoded, and throws ResponseError on failure', async () => {
    const { client, calls } = clientWith(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ConflictError', message: 'already expired' },
            request: { method: 'DELETE', url: '/silences/x' },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client
      .expireSilence('component:default/a', 'x/y')
      .catch(e => e);
    expect(calls[0].url).toBe(
      'http://backstage:7007/api/monitoring/silences/x%2Fy?entityRef=component%3Adefault%2Fa',
    );
    expect(calls[0].init?.method).toBe('DELETE');
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe('already expired');
  });
});

describe('MonitoringClient: logs and log volume', () => {
  const tricky = 'say "hi" \\ | } `x` .*+?[a]&b=c%20#frag\nnext';

  it('sends the view, range, repeated text filters and bracketed fields, every character intact', async () => {
    const body = { entityRef: 'component:default/a', lines: [] };
    const { client, calls } = clientWith(ok(body));
    const result = await client.getLogs({
      entityRef: 'component:default/a b',
      view: 'slow',
      start: 100.7,
      end: 200,
      limit: 1000,
      cursor: 'opaque/+=cursor',
      level: 'error',
      minDurationMs: 1500,
      contains: [tricky, 'second'],
      notContains: ['health|check', 'a&b'],
      fields: { request_id: 'r-1&x=2', user_id: 'u 1', trace_id: 'abc' },
    });
    expect(result).toEqual(body);
    const url = new URL(calls[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://backstage:7007/api/monitoring/logs',
    );
    const params = url.searchParams;
    expect(params.get('entityRef')).toBe('component:default/a b');
    expect(params.get('view')).toBe('slow');
    expect(params.get('start')).toBe('100');
    expect(params.get('end')).toBe('200');
    expect(params.get('limit')).toBe('1000');
    expect(params.get('cursor')).toBe('opaque/+=cursor');
    expect(params.get('level')).toBe('error');
    expect(params.get('minDurationMs')).toBe('1500');
    expect(params.getAll('contains')).toEqual([tricky, 'second']);
    expect(params.getAll('notContains')).toEqual(['health|check', 'a&b']);
    expect(params.get('fields[request_id]')).toBe('r-1&x=2');
    expect(params.get('fields[user_id]')).toBe('u 1');
    expect(params.get('fields[trace_id]')).toBe('abc');
    // Nothing else: absent filters are not sent as empty parameters.
    expect([...new Set(params.keys())].sort()).toEqual(
      [
        'contains',
        'cursor',
        'end',
        'entityRef',
        'fields[request_id]',
        'fields[trace_id]',
        'fields[user_id]',
        'level',
        'limit',
        'minDurationMs',
        'notContains',
        'start',
        'view',
      ].sort(),
    );
  });

  it('sends only what was asked for the plain view', async () => {
    const { client, calls } = clientWith(ok({}));
    await client.getLogs({
      entityRef: 'component:default/a',
      view: 'all',
      start: 0,
      end: 60,
    });
    expect(Object.fromEntries(new URL(calls[0].url).searchParams)).toEqual({
      entityRef: 'component:default/a',
      view: 'all',
      start: '0',
      end: '60',
    });
  });

  it('asks /logs/volume with the same filters and the number of bars', async () => {
    const { client, calls } = clientWith(ok({ series: [] }));
    await client.getLogVolume({
      entityRef: 'component:default/a',
      view: 'level',
      start: 0,
      end: 3600,
      level: 'warn',
      contains: [tricky],
      fields: { path: '/api/festivals?x=1' },
      maxDataPoints: 119.6,
    });
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/monitoring/logs/volume');
    expect(url.searchParams.get('maxDataPoints')).toBe('120');
    expect(url.searchParams.get('level')).toBe('warn');
    expect(url.searchParams.getAll('contains')).toEqual([tricky]);
    expect(url.searchParams.get('fields[path]')).toBe('/api/festivals?x=1');
  });

  it('throws a ResponseError carrying Loki’s message', async () => {
    const { client } = clientWith(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'ServiceUnavailableError',
              message:
                'Loki "local" answered 400: parse error at line 1, col 5',
            },
            request: { method: 'GET', url: '/logs' },
            response: { statusCode: 503 },
          }),
          { status: 503, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client
      .getLogs({
        entityRef: 'component:default/a',
        view: 'all',
        start: 0,
        end: 1,
      })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(503);
    expect(error.body.error.message).toMatch(/parse error at line 1/);
  });
});

describe('MonitoringClient: diagnostics', () => {
  it('sends the step list once, comma-separated and deduplicated, with the entity encoded', async () => {
    const body = {
      entityRef: 'component:default/festivals api',
      namespace: 'festivals-production',
      labelSelector: 'backstage.io/kubernetes-id=festivals-api',
      results: [],
    };
    const { client, calls } = clientWith(ok(body));
    const result = await client.getDiagnostics({
      entityRef: 'component:default/festivals api',
      steps: ['pods', 'events', 'pods', 'oomLogs'],
    });
    expect(result).toEqual(body);
    expect(calls[0].url).toBe(
      'http://backstage:7007/api/monitoring/diagnostics?entityRef=component%3Adefault%2Ffestivals+api&step=pods%2Cevents%2CoomLogs',
    );
  });

  it('sends no step parameter when every kind is wanted', async () => {
    const { client, calls } = clientWith(ok({ results: [] }));
    await client.getDiagnostics({ entityRef: 'component:default/a' });
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/monitoring/diagnostics');
    expect(url.searchParams.has('step')).toBe(false);
  });

  it('throws a ResponseError carrying the 400 that names the missing annotation', async () => {
    const { client } = clientWith(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'Entity component:default/a: Entity has no backstage.io/kubernetes-id (nor backstage.io/kubernetes-label-selector) annotation',
            },
            request: { method: 'GET', url: '/diagnostics' },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    await expect(
      client.getDiagnostics({ entityRef: 'component:default/a' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: {
        error: {
          message: expect.stringContaining('backstage.io/kubernetes-id'),
        },
      },
    });
  });
});
