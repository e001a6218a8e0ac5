import { mockApis } from '@backstage/test-utils';
import { AlertsClient } from './AlertsClient';

function clientWith(respond: () => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new AlertsClient({
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

describe('AlertsClient', () => {
  it.each([
    ['getAlerts', 'alerts'],
    ['getRules', 'rules'],
    ['getSilences', 'silences'],
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
