import { MonitoringAlert } from './alerts';
import { summarizeAlerts } from './alertSummary';

function alert(
  severity: string | undefined,
  state: MonitoringAlert['state'],
): MonitoringAlert {
  return {
    fingerprint: `${severity}-${state}-${Math.random()}`,
    alertname: 'A',
    severity,
    labels: {},
    annotations: {},
    startsAt: '',
    updatedAt: '',
    endsAt: '',
    state,
    silencedBy: [],
    inhibitedBy: [],
    receivers: [],
  };
}

describe('summarizeAlerts', () => {
  it('counts active alerts by severity and suppressed ones apart', () => {
    expect(
      summarizeAlerts([
        alert('critical', 'active'),
        alert('critical', 'active'),
        alert('warning', 'unprocessed'),
        alert('warning', 'suppressed'),
        alert(undefined, 'active'),
      ]),
    ).toEqual({
      firingBySeverity: { critical: 2, warning: 1, none: 1 },
      firing: 4,
      suppressed: 1,
    });
  });

  it('is all zero without alerts', () => {
    expect(summarizeAlerts([])).toEqual({
      firingBySeverity: {},
      firing: 0,
      suppressed: 0,
    });
  });
});
