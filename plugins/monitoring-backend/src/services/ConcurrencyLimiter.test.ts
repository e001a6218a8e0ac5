import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { monitoredComponent } from '@internal/test-kit';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';
import { ConcurrencyLimiter } from './ConcurrencyLimiter';

describe('ConcurrencyLimiter', () => {
  it('refuses past the per-caller limit, and frees a slot on release', () => {
    const limiter = ConcurrencyLimiter.create({
      perUserConcurrency: 2,
      globalConcurrency: 10,
    });
    const a1 = limiter.tryAcquire('alice');
    const a2 = limiter.tryAcquire('alice');
    expect(a1 && a2).toBeDefined();
    expect(limiter.tryAcquire('alice')).toBeUndefined();
    // Someone else still gets in.
    expect(limiter.tryAcquire('bob')).toBeDefined();
    a1!();
    a1!(); // releasing twice frees one slot, not two
    expect(limiter.tryAcquire('alice')).toBeDefined();
    expect(limiter.tryAcquire('alice')).toBeUndefined();
  });

  it('refuses everyone past the global limit', () => {
    const limiter = ConcurrencyLimiter.create({
      perUserConcurrency: 5,
      globalConcurrency: 3,
    });
    expect(limiter.tryAcquire('a')).toBeDefined();
    expect(limiter.tryAcquire('b')).toBeDefined();
    const c = limiter.tryAcquire('c');
    expect(limiter.tryAcquire('d')).toBeUndefined();
    c!();
    expect(limiter.tryAcquire('d')).toBeDefined();
  });
});

describe('the plugin under one caller’s flood', () => {
  it('answers 429 with Retry-After past the per-user limit, while another user and /metrics get through', async () => {
    // A Prometheus that holds every request until released, so requests stay in progress.
    const held: Array<() => void> = [];
    const prometheus = http.createServer((_req, res) => {
      held.push(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'success',
            data: { resultType: 'vector', result: [] },
          }),
        );
      });
    });
    await new Promise<void>(r => prometheus.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${
      (prometheus.address() as AddressInfo).port
    }`;
    let hold = true;
    try {
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
                    {
                      name: 'main',
                      baseUrl: url,
                      timeout: '30s',
                      scrapeInterval: '15s',
                    },
                  ],
                },
                limits: { perUserConcurrency: 2, globalConcurrency: 100 },
              },
            },
          }),
        ],
      });
      const health = (user: string) =>
        request(server)
          .get('/api/monitoring/health')
          .set('Authorization', mockCredentials.user.header(user))
          .query({ entityRef: 'component:default/festivals-api' });

      // Two of alice's requests in progress (held upstream)…
      const first = [
        health('user:default/alice'),
        health('user:default/alice'),
      ];
      const inProgress = first.map(r => r.then(x => x));
      const deadline = Date.now() + 30_000;
      while (held.length < 2 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 20));
      }
      // …so her third is refused at once,
      const refused = await health('user:default/alice');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.error.name).toBe('TooManyRequestsError');
      // while bob is answered and Prometheus can still scrape the plugin.
      hold = false;
      const flush = setInterval(() => held.splice(0).forEach(f => f()), 20);
      try {
        expect((await health('user:default/bob')).status).toBe(200);
        const metrics = await request(server).get('/api/monitoring/metrics');
        expect(metrics.status).toBe(200);
        for (const res of await Promise.all(inProgress)) {
          expect(res.status).toBe(200);
        }
        // Her slots are free again once her requests finished.
        expect((await health('user:default/alice')).status).toBe(200);
      } finally {
        clearInterval(flush);
      }
    } finally {
      expect(hold).toBe(false);
      held.splice(0).forEach(f => f());
      await new Promise(r => prometheus.close(r));
    }
  }, 60_000);
});
