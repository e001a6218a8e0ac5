import { mockServices } from '@backstage/backend-test-utils';
import {
  MonitoringMetrics,
  PrometheusClient,
  UpstreamRequestError,
} from '@internal/plugin-monitoring-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { cacheTtlMs, PrometheusQueryCache } from './PrometheusQueryCache';

describe('cacheTtlMs', () => {
  const end = 1_764_201_600; // aligned to 15 s and 60 s

  it('keeps a live answer until the next step boundary', () => {
    // 5 s after the aligned end of a 15 s step: the next range appears in 10 s.
    expect(cacheTtlMs(end, 15, (end + 5) * 1000)).toBe(10_000);
    expect(cacheTtlMs(end, 60, (end + 20) * 1000)).toBe(40_000);
  });

  it('never goes below one second, even at the boundary', () => {
    expect(cacheTtlMs(end, 15, (end + 15) * 1000)).toBe(1_000);
    expect(cacheTtlMs(end, 1, (end + 30) * 1000)).toBe(1_000);
  });

  it('keeps a settled past range five minutes, a huge step no longer than that', () => {
    expect(cacheTtlMs(end, 15, (end + 3600) * 1000)).toBe(300_000);
    expect(cacheTtlMs(end, 3600, (end + 10) * 1000)).toBe(300_000);
  });

  it('treats a range ending in the future as live', () => {
    expect(cacheTtlMs(end, 15, (end - 5) * 1000)).toBe(20_000);
  });

  it('keeps a range whose last point is still to come only until the next scrape', () => {
    // A 20-minute grid ending 10 min from now: its last point gains every scrape's samples.
    const now = (end - 600 + 7) * 1000;
    expect(cacheTtlMs(end, 1200, now, 15)).toBe(8_000);
    // Once the last point is in the past, the step rule applies again.
    expect(cacheTtlMs(end, 1200, (end + 5) * 1000, 15)).toBe(300_000);
  });
});

describe('PrometheusQueryCache', () => {
  it('never caches a malformed answer: the next view asks Prometheus again', async () => {
    let answer: unknown = { status: 'success', data: {} };
    let upstreamCalls = 0;
    const server = http.createServer((_req, res) => {
      upstreamCalls++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const store = new Map<string, unknown>();
      const cache = mockServices.cache.mock({
        get: async <T>(key: string) => store.get(key) as T | undefined,
        set: async (key, value) => {
          store.set(key, value);
        },
      });
      const metrics = MonitoringMetrics.create({ defaultMetrics: false });
      const prometheus = PrometheusClient.create({
        config: mockServices.rootConfig({
          data: {
            monitoring: {
              prometheus: { instances: [{ name: 'p', baseUrl: url }] },
            },
          },
        }),
        metrics,
      });
      const queries = PrometheusQueryCache.create({
        prometheus,
        cache,
        metrics,
      });
      const instance = prometheus.getInstance()!;
      const params = {
        query: 'up',
        start: 1_700_000_000,
        end: 1_700_000_060,
        step: 15,
      };

      for (let i = 0; i < 2; i++) {
        const error = await queries.queryRange(instance, params).catch(e => e);
        expect(error).toBeInstanceOf(UpstreamRequestError);
        expect(error.outcome).toBe('malformed');
      }
      expect(upstreamCalls).toBe(2);
      expect(store.size).toBe(0);

      // Once Prometheus answers properly, the answer is kept: the second view is a hit.
      answer = {
        status: 'success',
        data: { resultType: 'matrix', result: [] },
      };
      await queries.queryRange(instance, params);
      await queries.queryRange(instance, params);
      expect(upstreamCalls).toBe(3);
      expect(store.size).toBe(1);
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});

describe('PrometheusQueryCache without a shared cache', () => {
  it('keeps answers in a byte-bounded store: old windows nobody reopens are evicted, oldest first', async () => {
    const upstream: string[] = [];
    const server = http.createServer((req, res) => {
      upstream.push(new URL(req.url!, 'http://x').searchParams.get('start')!);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // ~2 KB per answer.
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { job: 'festivals-api', pad: 'x'.repeat(1000) },
                values: [[1_700_000_000, '1']],
              },
            ],
          },
        }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const metrics = MonitoringMetrics.create({ defaultMetrics: false });
      const prometheus = PrometheusClient.create({
        config: mockServices.rootConfig({
          data: {
            monitoring: {
              prometheus: { instances: [{ name: 'p', baseUrl: url }] },
            },
          },
        }),
        metrics,
      });
      // Room for about ten answers.
      const queries = PrometheusQueryCache.create({
        prometheus,
        metrics,
        localMaxBytes: 25_000,
      });
      const instance = prometheus.getInstance()!;
      const window = (i: number) => ({
        query: 'up',
        start: 1_700_000_000 + i * 3600,
        end: 1_700_000_000 + i * 3600 + 60,
        step: 15,
      });

      // Forty distinct settled windows (each kept five minutes by TTL alone).
      for (let i = 0; i < 40; i++)
        await queries.queryRange(instance, window(i));
      expect(upstream).toHaveLength(40);

      // The newest are still answered from memory…
      await queries.queryRange(instance, window(39));
      expect(upstream).toHaveLength(40);
      // …the oldest were evicted to stay within the budget.
      await queries.queryRange(instance, window(0));
      expect(upstream).toHaveLength(41);
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});
