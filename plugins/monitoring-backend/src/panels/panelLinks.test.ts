import { grafanaDashboardUrl, prometheusGraphUrl } from './panelLinks';

const range = { start: 1_764_201_600, end: 1_764_205_200, step: 15 };

describe('panel links', () => {
  it('opens the Prometheus graph page on the same query and range', () => {
    const url = new URL(
      prometheusGraphUrl(
        'http://prom.example:9090',
        'sum(up{job="a b"})',
        range,
      ),
    );
    expect(url.origin + url.pathname).toBe('http://prom.example:9090/graph');
    expect(url.searchParams.get('g0.expr')).toBe('sum(up{job="a b"})');
    expect(url.searchParams.get('g0.range_input')).toBe('3600s');
    expect(url.searchParams.get('g0.end_input')).toBe(
      new Date(range.end * 1000).toISOString().slice(0, 19).replace('T', ' '),
    );
    expect(url.searchParams.get('g0.step_input')).toBe('15');
  });

  it('opens the panel’s Grafana dashboard with the entity’s variables, or nothing', () => {
    const grafana = {
      baseUrl: 'https://grafana.example',
      dashboards: { overview: 'festivals-overview' },
    };
    const matchers = [
      { name: 'namespace', op: '=' as const, value: 'festivals-production' },
      { name: 'job', op: '=' as const, value: 'festivals-api' },
    ];
    const url = new URL(
      grafanaDashboardUrl(grafana, 'overview', matchers, range)!,
    );
    expect(url.pathname).toBe('/d/festivals-overview');
    expect(url.searchParams.get('var-namespace')).toBe('festivals-production');
    expect(url.searchParams.get('var-job')).toBe('festivals-api');
    expect(url.searchParams.get('from')).toBe(String(range.start * 1000));
    expect(url.searchParams.get('to')).toBe(String(range.end * 1000));
    expect(
      grafanaDashboardUrl(grafana, 'api-performance', matchers, range),
    ).toBeUndefined();
  });
});
