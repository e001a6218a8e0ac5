import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  closedPort,
  monitoredComponent,
  startRecordingServer,
} from '@internal/test-kit';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

const DOC_URL = 'https://git.example.com/festivals/runbooks/api.md';
const DOC = [
  '# festivals-api',
  'Page #tickets-oncall first.',
  '## FestivalsHighMemory',
  'Take a heap dump before restarting: `kubectl exec` is not needed, use the admin port.',
].join('\n');

const withRunbooks = (name: string, url: string) =>
  monitoredComponent({
    name,
    job: 'festivals-api',
    namespace: 'festivals-production',
    annotations: { 'monitoring.festivals.io/runbooks': url },
  });
const plain = monitoredComponent({
  name: 'festivals-worker',
  job: 'festivals-worker',
  namespace: 'festivals-production',
});

async function startBackend(options: {
  entities: ReturnType<typeof monitoredComponent>[];
  urlReader?: any;
  config?: Record<string, unknown>;
}) {
  const { server } = await startTestBackend({
    features: [
      monitoringPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.urlReader ? [options.urlReader] : []),
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
          },
          ...options.config,
        },
      }),
    ],
  });
  return server;
}

const get = (server: any, entityRef: string) =>
  request(server)
    .get('/api/monitoring/runbooks')
    .set('Authorization', mockCredentials.user.header())
    .query({ entityRef });

describe('GET /api/monitoring/runbooks (mock UrlReader)', () => {
  it("splits the annotation's document into alert sections and the team's notes", async () => {
    const readUrl = jest.fn(async () => ({
      buffer: async () => Buffer.from(DOC),
    }));
    const server = await startBackend({
      entities: [withRunbooks('festivals-api', DOC_URL)],
      urlReader: mockServices.urlReader.mock({ readUrl } as any).factory,
    });
    const res = await get(server, 'component:default/festivals-api');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/festivals-api',
      url: DOC_URL,
      sections: {
        FestivalsHighMemory:
          'Take a heap dump before restarting: `kubectl exec` is not needed, use the admin port.',
      },
      notes: '# festivals-api\nPage #tickets-oncall first.',
    });
    expect(readUrl).toHaveBeenCalledTimes(1);
    expect(readUrl.mock.calls[0]).toEqual([
      DOC_URL,
      expect.objectContaining({ signal: expect.anything() }),
    ]);
  });

  it('answers no sections, reading nothing, for an entity without the annotation', async () => {
    const readUrl = jest.fn();
    const server = await startBackend({
      entities: [plain],
      urlReader: mockServices.urlReader.mock({ readUrl }).factory,
    });
    const res = await get(server, 'component:default/festivals-worker');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/festivals-worker',
      sections: {},
    });
    expect(readUrl).not.toHaveBeenCalled();
  });

  it.each([
    [
      'not allowed by backend.reading.allow',
      new NotAllowedError(
        `Reading from '${DOC_URL}' is not allowed. You may need to configure an integration for the target host, or add it to the configured list of allowed hosts at 'backend.reading.allow'`,
      ),
      403,
      /is not allowed: .*backend\.reading\.allow/,
    ],
    [
      'missing',
      new NotFoundError(`${DOC_URL} could not be read (404)`),
      404,
      /was not found .*fix the annotation/,
    ],
    [
      'unreachable',
      new Error('connect ECONNREFUSED 10.0.0.1:443'),
      503,
      /Could not read .*ECONNREFUSED.*check that the URL answers/,
    ],
  ])(
    'names the document and the annotation when it is %s',
    async (_, error, status, message) => {
      const server = await startBackend({
        entities: [withRunbooks('festivals-api', DOC_URL)],
        urlReader: mockServices.urlReader.mock({
          readUrl: async () => {
            throw error;
          },
        }).factory,
      });
      const res = await get(server, 'component:default/festivals-api');
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(
        `component:default/festivals-api (monitoring.festivals.io/runbooks: ${DOC_URL})`,
      );
      expect(res.body.error.message).toMatch(message);
    },
  );

  it('refuses an annotation that is not an http(s) URL, and a document too large', async () => {
    const server = await startBackend({
      entities: [
        withRunbooks('relative', 'docs/runbooks.md'),
        withRunbooks('big', DOC_URL),
      ],
      urlReader: mockServices.urlReader.mock({
        readUrl: async () =>
          ({ buffer: async () => Buffer.alloc(300 * 1024, 'a') } as any),
      }).factory,
    });
    const relative = await get(server, 'component:default/relative');
    expect(relative.status).toBe(400);
    expect(relative.body.error.message).toBe(
      "Entity component:default/relative: annotation monitoring.festivals.io/runbooks must be an absolute URL of a markdown document, got 'docs/runbooks.md'",
    );
    const big = await get(server, 'component:default/big');
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/300 KiB, more than the 256 KiB/);
  });

  it('is a 404 for an entity the user may not read, before reading anything', async () => {
    const readUrl = jest.fn();
    const server = await startBackend({
      entities: [withRunbooks('festivals-api', DOC_URL)],
      urlReader: mockServices.urlReader.mock({ readUrl }).factory,
    });
    const res = await get(server, 'component:default/nope');
    expect(res.status).toBe(404);
    expect(readUrl).not.toHaveBeenCalled();
    const bad = await request(server)
      .get('/api/monitoring/runbooks')
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/entityRef/);
  });
});

describe("GET /api/monitoring/runbooks (Backstage's own UrlReader)", () => {
  it('reads a host in backend.reading.allow and refuses one that is not', async () => {
    const docs = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/markdown' });
      res.end(DOC);
    });
    try {
      const allowed = new URL(docs.url);
      // The same server under another host name: not in the allow list.
      const other = `http://localhost:${allowed.port}/runbooks.md`;
      const server = await startBackend({
        entities: [
          withRunbooks('allowed', `${docs.url}/runbooks.md`),
          withRunbooks('other', other),
        ],
        config: { backend: { reading: { allow: [{ host: allowed.host }] } } },
      });
      const ok = await get(server, 'component:default/allowed');
      expect(ok.status).toBe(200);
      expect(Object.keys(ok.body.sections)).toEqual(['FestivalsHighMemory']);
      expect(docs.requests.map(r => r.url)).toEqual(['/runbooks.md']);

      const refused = await get(server, 'component:default/other');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain("'backend.reading.allow'");
      expect(docs.requests).toHaveLength(1);
    } finally {
      await docs.close();
    }
  });
});
