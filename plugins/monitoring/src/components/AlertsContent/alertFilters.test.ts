import { MonitoringAlert } from '@internal/plugin-monitoring-common';
import {
  applyFilter,
  filterFromParams,
  filterToParams,
  groupAlerts,
  tellingLabels,
} from './alertFilters';

function alert(
  fingerprint: string,
  alertname: string,
  severity: string | undefined,
  state: MonitoringAlert['state'],
  labels: Record<string, string> = {},
) {
  return {
    fingerprint,
    alertname,
    severity,
    state,
    labels: { alertname, ...(severity ? { severity } : {}), ...labels },
  } as unknown as MonitoringAlert;
}

const alerts = [
  alert('a', 'QueueStuck', 'critical', 'active', { queue: 'payments' }),
  alert('b', 'QueueStuck', 'critical', 'suppressed', { queue: 'mail' }),
  alert('c', 'HighLatency', 'warning', 'active'),
  alert('d', 'Odd', undefined, 'active'),
];
const ids = (list: MonitoringAlert[]) => list.map(a => a.fingerprint);
const none = filterFromParams(new URLSearchParams());

describe('alert filters', () => {
  it('hides muted alerts unless asked, and keeps the focused one', () => {
    expect(ids(applyFilter(alerts, none))).toEqual(['a', 'c', 'd']);
    expect(ids(applyFilter(alerts, { ...none, showSilenced: true }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(ids(applyFilter(alerts, { ...none, focus: 'b' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('filters by name, severity (none for unlabelled) and label words', () => {
    const f = { ...none, showSilenced: true };
    expect(ids(applyFilter(alerts, { ...f, alertname: 'QueueStuck' }))).toEqual(
      ['a', 'b'],
    );
    expect(ids(applyFilter(alerts, { ...f, severity: 'none' }))).toEqual(['d']);
    expect(ids(applyFilter(alerts, { ...f, labels: 'queue=PAY' }))).toEqual([
      'a',
    ]);
    expect(ids(applyFilter(alerts, { ...f, labels: 'queue mail' }))).toEqual([
      'b',
    ]);
  });

  it('round-trips through the URL, keeping other parameters', () => {
    const filter = {
      alertname: 'QueueStuck',
      severity: 'critical',
      labels: 'queue=payments',
      showSilenced: true,
      groupBy: 'severity' as const,
      focus: 'a',
    };
    const params = filterToParams(filter, new URLSearchParams('range=1h'));
    expect(params.get('range')).toBe('1h');
    expect(filterFromParams(params)).toEqual(filter);
    expect(
      filterToParams(none, new URLSearchParams('alertname=x')).toString(),
    ).toBe('');
  });

  it('groups by name or severity in first-seen order', () => {
    expect(
      groupAlerts(alerts, 'alertname').map(g => [g.key, ids(g.alerts)]),
    ).toEqual([
      ['QueueStuck', ['a', 'b']],
      ['HighLatency', ['c']],
      ['Odd', ['d']],
    ]);
    expect(groupAlerts(alerts, 'severity').map(g => g.key)).toEqual([
      'critical',
      'warning',
      'none',
    ]);
  });

  it('keeps only the labels the entity does not imply', () => {
    const a = alert('x', 'QueueStuck', 'critical', 'active', {
      namespace: 'prod',
      service: 'api',
      queue: 'payments',
      job: 'other',
    });
    expect(
      tellingLabels(a, { namespace: 'prod', service: 'api', job: 'api' }),
    ).toEqual([
      ['queue', 'payments'],
      ['job', 'other'],
    ]);
  });
});
