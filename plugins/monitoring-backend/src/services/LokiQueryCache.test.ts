import {
  LokiInstance,
  LokiQueryData,
  LokiQueryRangeParams,
  MonitoringMetrics,
} from '@internal/plugin-monitoring-node';
import { LokiQueryCache } from './LokiQueryCache';

const instance = { name: 'local', maxLines: 5000 } as LokiInstance;

/** A streams answer of `lines` lines of `size` characters. */
function answer(lines: number, size = 1000): LokiQueryData {
  return {
    resultType: 'streams',
    result: [
      {
        stream: { app: 'festivals-api' },
        values: Array.from({ length: lines }, (_, i) => [
          String(1_700_000_000_000_000_000n + BigInt(i)),
          'x'.repeat(size),
        ]),
      },
    ],
  };
}

function setup(options: { maxBytes?: number; lines?: number } = {}) {
  let now = 1_000_000;
  const calls: LokiQueryRangeParams[] = [];
  let fail = false;
  const loki = {
    queryRange: async (_i: LokiInstance, params: LokiQueryRangeParams) => {
      calls.push(params);
      if (fail) throw new Error('Loki at http://loki is unreachable');
      return answer(options.lines ?? 10);
    },
  };
  const cache = LokiQueryCache.create({
    loki,
    metrics: MonitoringMetrics.create({ defaultMetrics: false }),
    ttlMs: 5000,
    maxBytes: options.maxBytes,
    now: () => now,
  });
  return {
    cache,
    calls,
    advance: (ms: number) => {
      now += ms;
    },
    failing: (value: boolean) => {
      fail = value;
    },
  };
}

const params = (query: string): LokiQueryRangeParams => ({
  query,
  start: '1',
  end: '2',
  limit: 1000,
  direction: 'backward',
});

describe('LokiQueryCache', () => {
  it('shares one request between identical concurrent queries', async () => {
    const { cache, calls } = setup();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.queryRange(instance, params('{a="1"}')),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('keeps an answer for its TTL only, and tells queries apart by every parameter', async () => {
    const { cache, calls, advance } = setup();
    await cache.queryRange(instance, params('{a="1"}'));
    advance(4000);
    await cache.queryRange(instance, params('{a="1"}'));
    expect(calls).toHaveLength(1);
    await cache.queryRange(instance, { ...params('{a="1"}'), limit: 1001 });
    await cache.queryRange(instance, { ...params('{a="1"}'), end: '3' });
    await cache.queryRange({ ...instance, name: 'other' }, params('{a="1"}'));
    expect(calls).toHaveLength(4);
    advance(1001);
    await cache.queryRange(instance, params('{a="1"}'));
    expect(calls).toHaveLength(5);
  });

  it('holds at most maxBytes, evicting the oldest answers first', async () => {
    // One answer of 10 lines × 1000 characters is a little over 20 kB.
    const { cache, calls } = setup({ maxBytes: 50_000 });
    await cache.queryRange(instance, params('{q="1"}'));
    await cache.queryRange(instance, params('{q="2"}'));
    expect(cache.heldBytes).toBeGreaterThan(40_000);
    await cache.queryRange(instance, params('{q="3"}'));
    expect(cache.heldBytes).toBeLessThanOrEqual(50_000);
    expect(calls).toHaveLength(3);
    // 2 and 3 are kept; 1, the oldest, went.
    await cache.queryRange(instance, params('{q="3"}'));
    await cache.queryRange(instance, params('{q="2"}'));
    expect(calls).toHaveLength(3);
    await cache.queryRange(instance, params('{q="1"}'));
    expect(calls).toHaveLength(4);
  });

  it('does not keep an answer larger than the whole budget', async () => {
    const { cache, calls } = setup({ maxBytes: 10_000 });
    await cache.queryRange(instance, params('{q="1"}'));
    await cache.queryRange(instance, params('{q="1"}'));
    expect(calls).toHaveLength(2);
    expect(cache.heldBytes).toBe(0);
  });

  it('never keeps a failure', async () => {
    const { cache, calls, failing } = setup();
    failing(true);
    await expect(cache.queryRange(instance, params('{a="1"}'))).rejects.toThrow(
      'unreachable',
    );
    failing(false);
    await expect(
      cache.queryRange(instance, params('{a="1"}')),
    ).resolves.toMatchObject({ resultType: 'streams' });
    expect(calls).toHaveLength(2);
  });
});
