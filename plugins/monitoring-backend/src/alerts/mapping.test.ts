import { AlertmanagerAlert } from '@internal/plugin-monitoring-node';
import { toMonitoringAlerts } from './mapping';

function alert(links: {
  generatorURL?: string;
  runbook_url?: string;
}): AlertmanagerAlert {
  return {
    fingerprint: 'f1',
    labels: { alertname: 'FestivalsAPIDown', severity: 'critical' },
    annotations: links.runbook_url ? { runbook_url: links.runbook_url } : {},
    startsAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    endsAt: '2026-11-27T11:00:00.000Z',
    generatorURL: links.generatorURL ?? '',
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    receivers: [{ name: 'critical-alerts' }],
  } as AlertmanagerAlert;
}

describe('toMonitoringAlerts links', () => {
  it('keeps absolute http(s) links from the rule and Prometheus', () => {
    const [a] = toMonitoringAlerts([
      alert({
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
        runbook_url: 'https://wiki.example.com/runbooks/api-down',
      }),
    ]);
    expect(a.generatorURL).toBe('http://prometheus:9090/graph?g0.expr=up');
    expect(a.runbookUrl).toBe('https://wiki.example.com/runbooks/api-down');
  });

  it.each([
    // Hostile links are this test's input.
    // eslint-disable-next-line no-script-url
    'javascript:alert(document.cookie)',
    // eslint-disable-next-line no-script-url
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/relative/runbook',
    'not a url',
  ])('drops %s rather than making it a link', url => {
    const [a] = toMonitoringAlerts([
      alert({ generatorURL: url, runbook_url: url }),
    ]);
    expect(a.generatorURL).toBeUndefined();
    expect(a.runbookUrl).toBeUndefined();
  });
});
