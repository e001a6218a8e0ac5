import { parser } from '@prometheus-io/lezer-promql';
import {
  ALERT_PANELS,
  alertPeriodsFromSeries,
  firingAlertsQuery,
  panelAlertPeriods,
} from './alertPanels';
import { PANEL_CATALOG } from './panels';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: {
      'monitoring.festivals.io/job': 'festivals-api',
      'monitoring.festivals.io/namespace': 'festivals-"prod"',
    },
  },
};

describe('firingAlertsQuery', () => {
  it('reads the firing ALERTS of the entity’s namespace and service, at least once per step', () => {
    const query = firingAlertsQuery(entity, 1200);
    expect(query).toBe(
      'max by (alertname, severity) (max_over_time(ALERTS{alertstate="firing",namespace="festivals-\\"prod\\"",service="festivals-api"}[20m]))',
    );
    let errors = 0;
    parser.parse(query).iterate({
      enter: node => {
        if (node.type.isError) errors++;
      },
    });
    expect(errors).toBe(0);
  });
});

describe('alertPeriodsFromSeries', () => {
  it('joins consecutive steps into one period and starts it a step before its first point', () => {
    const periods = alertPeriodsFromSeries(
      [
        {
          labels: { alertname: 'FestivalsHighErrorRate', severity: 'critical' },
          points: [
            [1000, 1],
            [1060, 1],
            [1120, 1],
            // 1180 missing: the alert resolved, then fired again
            [1240, 1],
          ],
        },
        { labels: { alertname: 'FestivalsHighLatency' }, points: [[1060, 1]] },
      ],
      60,
    );
    expect(periods).toEqual([
      {
        alertname: 'FestivalsHighErrorRate',
        severity: 'critical',
        start: 940,
        end: 1120,
      },
      { alertname: 'FestivalsHighLatency', start: 1000, end: 1060 },
      {
        alertname: 'FestivalsHighErrorRate',
        severity: 'critical',
        start: 1180,
        end: 1240,
      },
    ]);
  });

  it('ignores null points and series without an alert name', () => {
    expect(
      alertPeriodsFromSeries(
        [
          { labels: { alertname: 'A' }, points: [[1000, null]] },
          { labels: {}, points: [[1000, 1]] },
        ],
        60,
      ),
    ).toEqual([]);
  });
});

describe('panelAlertPeriods', () => {
  it('keeps the periods of the alerts about the panel', () => {
    const periods = [
      { alertname: 'FestivalsHighErrorRate', start: 1, end: 2 },
      { alertname: 'FestivalsHighLatency', start: 3, end: 4 },
      { alertname: 'SomethingElse', start: 5, end: 6 },
    ];
    expect(panelAlertPeriods(periods, 'error-rate')).toEqual([periods[0]]);
    expect(panelAlertPeriods(periods, 'latency-p95')).toEqual([periods[1]]);
    expect(panelAlertPeriods(periods, 'request-rate')).toEqual([]);
  });

  it('names only panels of the catalog that have a time axis', () => {
    const charts = new Set(
      PANEL_CATALOG.filter(p => p.kind === 'timeseries').map(p => p.id),
    );
    for (const [alert, panels] of Object.entries(ALERT_PANELS)) {
      for (const id of panels)
        expect({ alert, id, ok: charts.has(id) }).toEqual({
          alert,
          id,
          ok: true,
        });
    }
  });
});
