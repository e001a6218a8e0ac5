import { mockApis } from '@backstage/test-utils';
import { MonitoringClient } from './MonitoringClient';

function clientWith(respond: (url: string) => Response) {
  const calls: string[] = [];
  const client = new MonitoringClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: {
      fetch: async (input: any) => {
        calls.push(String(input));
        return respond(String(input));
      },
    },
  });
  return { client, calls };
}

describe('MonitoringClient', () => {
  it('sends the entity, panel ids and whole-second range, URL-encoded', async () => {
    const body = { entityRef: 'component:default/a b', panels: [] };
    const { client, calls } = clientWith(
      () => new Response(JSON.stringify(body), { status: 200 }),
    );
    const result = await client.getPanels({
      entityRef: 'component:default/a b',
      panelIds: ['request-rate', 'error-rate'],
      start: 100.7,
      end: 200.2,
      maxDataPoints: 612.4,
    });
    expect(result).toEqual(body);
    const url = new URL(calls[0]);
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
    const { client, calls } = clientWith(
      () => new Response(JSON.stringify(body), { status: 200 }),
    );
    expect(
      await client.getHealth({ entityRef: 'component:default/a' }),
    ).toEqual(body);
    const url = new URL(calls[0]);
    expect(url.pathname).toBe('/api/monitoring/health');
    expect(url.searchParams.get('entityRef')).toBe('component:default/a');
  });
});
