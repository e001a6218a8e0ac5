import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  monitoredComponent,
  respondJson,
  startRecordingServer,
} from '@internal/test-kit';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

// The queries of a page start while the permission is checked; a deny must cancel them rather
// than leave Prometheus working for nobody.
describe('a denied user', () => {
  it('gets a 404 and the Prometheus queries already started are aborted', async () => {
    const closedUnanswered: string[] = [];
    // A slow Prometheus: queries are never answered within the test (targets are, at once);
    // records each query connection the backend closes unanswered.
    const prometheus = await startRecordingServer((req, res) => {
      if (!req.url.startsWith('/api/v1/query')) {
        respondJson(res, { status: 'success', data: { activeTargets: [] } });
        return;
      }
      res.on('close', () => {
        if (!res.writableEnded) closedUnanswered.push(req.url);
      });
    });
    try {
      let started = 0;
      // The deny arrives only once the queries have reached Prometheus.
      const authorize = async (requests: unknown[]) => {
        await until(
          () =>
            prometheus.requests
              .slice(started)
              .some(r => r.url.startsWith('/api/v1/query')),
          'the query to reach Prometheus',
        );
        return requests.map(() => ({ result: AuthorizeResult.DENY }));
      };
      const { server } = await startTestBackend({
        features: [
          monitoringPlugin,
          catalogServiceMock.factory({
            entities: [
              monitoredComponent({
                name: 'festivals-api',
                job: 'festivals-api',
                namespace: 'festivals-production',
              }),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              monitoring: {
                prometheus: {
                  instances: [
                    { name: 'main', baseUrl: prometheus.url, timeout: '60s' },
                  ],
                },
              },
            },
          }),
          mockServices.permissions.mock({ authorize } as any).factory,
        ],
      });
      const now = Math.floor(Date.now() / 1000);
      started = prometheus.requests.length;
      const asked = Date.now();
      const res = await request(server)
        .get('/api/monitoring/panels')
        .set('Authorization', mockCredentials.user.header('user:default/eve'))
        .query({
          entityRef: 'component:default/festivals-api',
          panels: 'request-rate,error-rate',
          start: now - 3600,
          end: now,
        });
      expect(res.status).toBe(404);
      const queries = prometheus.requests
        .slice(started)
        .filter(r => r.url.startsWith('/api/v1/query'));
      expect(queries.length).toBeGreaterThan(0);
      // Every query Prometheus received is closed by the backend long before its 60 s timeout.
      await until(
        () => closedUnanswered.length >= queries.length,
        'the queries to be aborted',
      );
      expect(
        closedUnanswered.filter(u => u.startsWith('/api/v1/query')),
      ).toHaveLength(queries.length);
      expect(Date.now() - asked).toBeLessThan(30_000);
    } finally {
      await prometheus.close();
    }
  }, 60_000);
});
