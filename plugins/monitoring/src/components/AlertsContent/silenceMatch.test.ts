import { MonitoringAlert } from '@internal/plugin-monitoring-common';
import { previewSilence } from './silenceMatch';

function alert(fingerprint: string, labels: Record<string, string>) {
  return { fingerprint, labels } as unknown as MonitoringAlert;
}

const alerts = [
  alert('a', { alertname: 'HighErrorRate', service: 'api', queue: 'payments' }),
  alert('b', { alertname: 'HighLatency', service: 'api' }),
  alert('c', { alertname: 'QueueStuck', service: 'api', queue: 'mail' }),
];
const eq = (name: string, value: string) => ({
  name,
  value,
  isEqual: true,
  isRegex: false,
});

function fingerprints(result: ReturnType<typeof previewSilence>) {
  if (result.kind !== 'count') throw new Error(result.reason);
  return result.matched.map(a => a.fingerprint);
}

describe('previewSilence', () => {
  it('needs every matcher to hold (equality and inequality)', () => {
    expect(
      fingerprints(previewSilence([eq('service', 'api')], alerts)),
    ).toEqual(['a', 'b', 'c']);
    expect(
      fingerprints(
        previewSilence(
          [
            eq('service', 'api'),
            { ...eq('queue', 'payments'), isEqual: false },
          ],
          alerts,
        ),
      ),
    ).toEqual(['b', 'c']);
  });

  it('treats a missing label as empty, as Alertmanager does', () => {
    expect(fingerprints(previewSilence([eq('queue', '')], alerts))).toEqual([
      'b',
    ]);
  });

  it('anchors regexes at both ends', () => {
    const re = (value: string, isEqual = true) => ({
      name: 'alertname',
      value,
      isEqual,
      isRegex: true,
    });
    expect(fingerprints(previewSilence([re('High.*')], alerts))).toEqual([
      'a',
      'b',
    ]);
    expect(fingerprints(previewSilence([re('Latency')], alerts))).toEqual([]);
    expect(
      fingerprints(
        previewSilence([re('HighLatency|QueueStuck', false)], alerts),
      ),
    ).toEqual(['a']);
  });

  it.each([
    '(?i)high.*',
    '(?P<x>a)',
    'a\\z',
    '[[:alpha:]]+',
    '(a)\\1',
    '(?=a)',
    'a(b',
  ])('says it cannot preview %s', value => {
    const result = previewSilence(
      [{ name: 'alertname', value, isEqual: true, isRegex: true }],
      alerts,
    );
    expect(result.kind).toBe('unknown');
  });
});
