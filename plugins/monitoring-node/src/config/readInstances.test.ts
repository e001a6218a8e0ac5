import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  readUpstreamInstances,
} from './readInstances';

function config(monitoring: JsonObject) {
  return new ConfigReader({ monitoring });
}

describe('readUpstreamInstances', () => {
  it('reads a Prometheus instance with every field', () => {
    const instances = readUpstreamInstances(
      config({
        prometheus: {
          instances: [
            {
              name: 'mimir',
              baseUrl: 'http://mimir:8080/prometheus/',
              externalUrl: 'https://grafana.example.org/explore/',
              headers: { Authorization: 'Bearer t' },
              tenant: 'acme',
              scrapeInterval: '30s',
              rateWindow: 'grafana',
              timeout: '20s',
              maxResponseBytes: 1000,
            },
          ],
        },
      }),
      'prometheus',
    );
    expect(instances.getInstance()).toEqual({
      name: 'mimir',
      baseUrl: 'http://mimir:8080/prometheus',
      publicUrl: 'https://grafana.example.org/explore',
      headers: { Authorization: 'Bearer t', 'X-Scope-OrgID': 'acme' },
      scrapeIntervalSeconds: 30,
      rateWindow: 'grafana',
      timeoutMs: 20_000,
      maxResponseBytes: 1000,
    });
  });

  it.each([
    ['prometheus', 15_000],
    ['alertmanager', 10_000],
    ['loki', 15_000],
    ['kubernetes', 10_000],
  ] as const)('gives %s its defaults', (kind, timeoutMs) => {
    const instances = readUpstreamInstances(
      config({ [kind]: { instances: [{ name: 'a', baseUrl: 'http://a' }] } }),
      kind as 'loki',
    );
    expect(instances.getInstance('a')).toEqual({
      name: 'a',
      baseUrl: 'http://a',
      publicUrl: 'http://a',
      headers: {},
      timeoutMs,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      ...(kind === 'prometheus' && {
        scrapeIntervalSeconds: 15,
        rateWindow: 'guide',
      }),
      // Loki's own default max_entries_limit_per_query.
      ...(kind === 'loki' && { maxLines: 5000 }),
    });
  });

  it('gives no browser link to an instance that needs a tenant or headers', () => {
    const instances = readUpstreamInstances(
      config({
        loki: {
          instances: [
            { name: 'tenant', baseUrl: 'http://l', tenant: 'acme' },
            { name: 'token', baseUrl: 'http://l', headers: { A: 'b' } },
          ],
        },
      }),
      'loki',
    );
    expect(instances.getInstance('tenant')?.publicUrl).toBeUndefined();
    expect(instances.getInstance('token')?.publicUrl).toBeUndefined();
    expect(instances.getInstance('tenant')?.headers).toEqual({
      'X-Scope-OrgID': 'acme',
    });
  });

  it('uses the first instance unless a default is named; none when unconfigured', () => {
    const two = {
      instances: [
        { name: 'a', baseUrl: 'http://a' },
        { name: 'b', baseUrl: 'http://b' },
      ],
    };
    const first = readUpstreamInstances(
      config({ kubernetes: two }),
      'kubernetes',
    );
    expect(first.getInstance()?.name).toBe('a');
    expect(first.instanceNames()).toEqual(['a', 'b']);
    const named = readUpstreamInstances(
      config({ kubernetes: { ...two, default: 'b' } }),
      'kubernetes',
    );
    expect(named.getInstance()?.name).toBe('b');
    expect(named.getInstance('c')).toBeUndefined();
    const none = readUpstreamInstances(config({}), 'prometheus');
    expect(none.getInstance()).toBeUndefined();
    expect(none.instanceNames()).toEqual([]);
  });

  it.each([
    [
      'loki',
      { instances: [{ name: 'a', baseUrl: 'nope' }] },
      'monitoring.loki.instances[a].baseUrl is not a URL: nope',
    ],
    [
      'prometheus',
      { instances: [{ name: 'a', baseUrl: 'http://a', externalUrl: 'x' }] },
      'monitoring.prometheus.instances[a].externalUrl is not a URL: x',
    ],
    [
      'prometheus',
      { instances: [{ name: 'a', baseUrl: 'http://a', scrapeInterval: '1x' }] },
      "monitoring.prometheus.instances[a].scrapeInterval must be a duration like 15s, got '1x'",
    ],
    [
      'prometheus',
      { instances: [{ name: 'a', baseUrl: 'http://a', rateWindow: 'auto' }] },
      "monitoring.prometheus.instances[a].rateWindow must be 'guide' or 'grafana', got 'auto'",
    ],
    [
      'kubernetes',
      { instances: [{ name: 'a', baseUrl: 'http://a', timeout: 'soon' }] },
      "monitoring.kubernetes.instances[a].timeout must be a duration like 10s, got 'soon'",
    ],
    [
      'alertmanager',
      { instances: [{ name: 'a', baseUrl: 'http://a', maxResponseBytes: 0 }] },
      'monitoring.alertmanager.instances[a].maxResponseBytes must be a positive whole number of bytes, got 0',
    ],
    [
      'loki',
      {
        instances: [
          { name: 'a', baseUrl: 'http://a' },
          { name: 'a', baseUrl: 'http://b' },
        ],
      },
      "monitoring.loki.instances: duplicate name 'a'",
    ],
    [
      'prometheus',
      { instances: [{ name: 'a', baseUrl: 'http://a' }], default: 'z' },
      "monitoring.prometheus.default names unknown instance 'z'",
    ],
  ])('refuses bad %s config at start: %j', (kind, value, message) => {
    expect(() =>
      readUpstreamInstances(config({ [kind]: value }), kind as 'loki'),
    ).toThrow(message);
  });
});
