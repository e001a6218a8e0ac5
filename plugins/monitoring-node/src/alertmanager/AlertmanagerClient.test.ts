import { mockServices } from '@backstage/backend-test-utils';
import { UpstreamRequestError } from '../http/UpstreamRequestError';
import { MonitoringMetrics } from '../metrics/MonitoringMetrics';
import {
  respondJson as json,
  startRecordingServer as startServer,
} from '@internal/test-kit';
import { AlertmanagerClient } from './AlertmanagerClient';

function create(alertmanager: {
  instances: Array<Record<string, string | Record<string, string>>>;
  default?: string;
}) {
  return AlertmanagerClient.create({
    config: mockServices.rootConfig({ data: { monitoring: { alertmanager } } }),
  });
}

describe('AlertmanagerClient configuration', () => {
  it('reads named instances with headers and timeout; the first is the default', () => {
    const client = create({
      instances: [
        {
          name: 'eu',
          baseUrl: 'http://am-eu:9093/',
          headers: { Authorization: 'Bearer t' },
          timeout: '3s',
        },
        { name: 'us', baseUrl: 'http://am-us:9093' },
      ],
    });
    expect(client.instanceNames()).toEqual(['eu', 'us']);
    expect(client.getInstance()).toEqual({
      name: 'eu',
      baseUrl: 'http://am-eu:9093',
      headers: { Authorization: 'Bearer t' },
      timeoutMs: 3000,
      maxResponseBytes: 20 * 1024 * 1024,
    });
    expect(client.getInstance('us')?.timeoutMs).toBe(10_000);
    expect(client.getInstance('nope')).toBeUndefined();
  });

  it('honours an explicit default', () => {
    const client = create({
      instances: [
        { name: 'a', baseUrl: 'http://a:9093' },
        { name: 'b', baseUrl: 'http://b:9093' },
      ],
      default: 'b',
    });
    expect(client.getInstance()?.name).toBe('b');
  });

  it('has no instance when nothing is configured', () => {
    const client = AlertmanagerClient.create({
      config: mockServices.rootConfig({ data: {} }),
    });
    expect(client.getInstance()).toBeUndefined();
    expect(client.instanceNames()).toEqual([]);
  });

  it.each([
    [
      { instances: [{ name: 'a', baseUrl: 'not a url' }] },
      'monitoring.alertmanager.instances[a].baseUrl is not a URL: not a url',
    ],
    [
      {
        instances: [
          { name: 'a', baseUrl: 'http://a' },
          { name: 'a', baseUrl: 'http://b' },
        ],
      },
      "monitoring.alertmanager.instances: duplicate name 'a'",
    ],
    [
      { instances: [{ name: 'a', baseUrl: 'http://a' }], default: 'z' },
      "monitoring.alertmanager.default names unknown instance 'z'",
    ],
    [
      { instances: [{ name: 'a', baseUrl: 'http://a', timeout: 'soon' }] },
      'monitoring.alertmanager.instances[a].timeout must be a duration like 10s',
    ],
  ])('refuses %j at start', (alertmanager, message) => {
    expect(() => create(alertmanager)).toThrow(message);
  });
});

describe('AlertmanagerClient requests', () => {
  // Shapes of Alertmanager's API v2 (api/v2/openapi.yaml: gettableAlerts, postSilences 200).
  const alert = {
    fingerprint: 'abc',
    labels: { alertname: 'APIDown', service: 'api' },
    annotations: {},
    startsAt: '2026-11-27T10:00:00Z',
    updatedAt: '2026-11-27T10:00:00Z',
    endsAt: '2026-11-27T10:05:00Z',
    receivers: [{ name: 'slack' }],
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  };
  let server: Awaited<ReturnType<typeof startServer>>;
  let alertsAnswer: unknown;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url.startsWith('/api/v2/alerts')) return json(res, alertsAnswer);
      if (req.method === 'POST' && req.url === '/api/v2/silences')
        return json(res, { silenceID: 'id-1' });
      if (req.method === 'DELETE') return res.writeHead(200).end();
      return json(res, 'silence not found', 404);
    });
  });
  afterAll(() => server.close());

  function withMetrics() {
    const metrics = MonitoringMetrics.create({ defaultMetrics: false });
    const client = AlertmanagerClient.create({
      config: mockServices.rootConfig({
        data: {
          monitoring: {
            alertmanager: {
              instances: [{ name: 'am', baseUrl: server.url, tenant: 'acme' }],
            },
          },
        },
      }),
      metrics,
    });
    return { client, instance: client.getInstance()!, metrics };
  }

  it('counts every Alertmanager call in monitoring_upstream_requests_total', async () => {
    alertsAnswer = [alert];
    const { client, instance, metrics } = withMetrics();
    await expect(client.getAlerts(instance, [])).resolves.toEqual([alert]);
    await expect(
      client.createSilence(instance, {
        matchers: [
          { name: 'service', value: 'api', isRegex: false, isEqual: true },
        ],
        startsAt: '2026-11-27T10:00:00Z',
        endsAt: '2026-11-27T11:00:00Z',
        createdBy: 'user:default/me',
        comment: 'deploy',
      }),
    ).resolves.toBe('id-1');
    await expect(client.getSilence(instance, 'nope')).resolves.toBeUndefined();
    await client.expireSilence(instance, 'id-1');
    const text = await metrics.registry.metrics();
    for (const [endpoint, outcome] of [
      ['alerts', 'ok'],
      ['create_silence', 'ok'],
      ['silence', 'client_error'],
      ['expire_silence', 'ok'],
    ]) {
      expect(text).toContain(
        `monitoring_upstream_requests_total{upstream="alertmanager",endpoint="${endpoint}",outcome="${outcome}"} 1`,
      );
    }
    expect(text).toMatch(
      /monitoring_upstream_request_duration_seconds_count\{upstream="alertmanager",endpoint="alerts",outcome="ok"\} 1/,
    );
    expect(
      server.requests.every(r => r.headers['x-scope-orgid'] === 'acme'),
    ).toBe(true);
  });

  it('refuses an answer that is not an array of alerts', async () => {
    const { client, instance, metrics } = withMetrics();
    for (const answer of [{}, [{ fingerprint: 'abc' }]]) {
      alertsAnswer = answer;
      const error = await client.getAlerts(instance, []).catch(e => e);
      expect(error).toBeInstanceOf(UpstreamRequestError);
      expect(error.outcome).toBe('malformed');
      expect(error.message).toBe(
        `Alertmanager at ${server.url} returned a malformed response (expected Alertmanager API v2 JSON). Check that baseUrl points at Alertmanager.`,
      );
    }
    expect(await metrics.registry.metrics()).toContain(
      'monitoring_upstream_requests_total{upstream="alertmanager",endpoint="alerts",outcome="malformed"} 2',
    );
  });
});
