import { PanelResult } from '@internal/plugin-monitoring-common';
import { UpstreamRequestError } from '@internal/plugin-monitoring-node';
import { readAlertPeriods, withAlertPeriods } from './alertPeriods';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: {
      'monitoring.festivals.io/job': 'festivals-api',
      'monitoring.festivals.io/namespace': 'festivals-production',
    },
  },
};
const instance = { name: 'main' } as any;
const range = { start: 1000, end: 1600, step: 60 };

function fakeQueries(answer: () => Promise<any>) {
  const queryRange = jest.fn(answer);
  return {
    queryRange,
    query: jest.fn(),
    labelValues: jest.fn(),
  };
}

describe('readAlertPeriods', () => {
  it('reads the entity’s firing ALERTS on the panels’ grid and joins steps into periods', async () => {
    const prometheus = fakeQueries(async () => ({
      warnings: [],
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {
              alertname: 'FestivalsHighErrorRate',
              severity: 'critical',
            },
            values: [
              [1120, '1'],
              [1180, '1'],
              [1240, '1'],
            ],
          },
        ],
      },
    }));
    const result = await readAlertPeriods({
      prometheus,
      instance,
      entity,
      range,
    });
    expect(result).toEqual({
      periods: [
        {
          alertname: 'FestivalsHighErrorRate',
          severity: 'critical',
          start: 1060,
          end: 1240,
        },
      ],
    });
    const [, params] = prometheus.queryRange.mock.calls[0] as any;
    expect(params).toMatchObject(range);
    expect(params.query).toContain(
      'ALERTS{alertstate="firing",namespace="festivals-production",service="festivals-api"}[1m]',
    );
  });

  it('says why when Prometheus fails, instead of shading nothing silently', async () => {
    const prometheus = fakeQueries(async () => {
      throw new UpstreamRequestError({
        upstream: 'prometheus',
        outcome: 'unreachable',
        message: 'Prometheus at http://p is unreachable',
      });
    });
    const result = await readAlertPeriods({
      prometheus,
      instance,
      entity,
      range,
    });
    expect(result).toEqual({ error: 'Prometheus at http://p is unreachable' });
  });
});

describe('withAlertPeriods', () => {
  const panel = (id: string, kind: PanelResult['kind']): PanelResult => ({
    id,
    title: id,
    description: '',
    kind,
    unit: 'count',
    query: '',
  });

  it('gives each time-series panel the periods of the alerts about it', () => {
    const periods = [
      { alertname: 'FestivalsHighErrorRate', start: 1, end: 2 },
      { alertname: 'FestivalsQueueBacklog', start: 3, end: 4 },
    ];
    const [errorRate, requestRate, queue, table] = withAlertPeriods(
      [
        panel('error-rate', 'timeseries'),
        panel('request-rate', 'timeseries'),
        panel('queue-depth', 'timeseries'),
        panel('error-rate-by-endpoint', 'table'),
      ],
      periods,
    );
    expect(errorRate.alertPeriods).toEqual([periods[0]]);
    expect(requestRate.alertPeriods).toBeUndefined();
    expect(queue.alertPeriods).toEqual([periods[1]]);
    expect(table.alertPeriods).toBeUndefined();
  });
});
