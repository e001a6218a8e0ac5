import { mockServices } from '@backstage/backend-test-utils';
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
