import { ConfigReader } from '@backstage/config';
import { parser } from '@prometheus-io/lezer-promql';
import { readConfigPanels } from './configPanels';
import { renderQueryTemplate } from './queryTemplate';

function panels(list: object[]) {
  return readConfigPanels(
    new ConfigReader({ monitoring: { panels: list } } as any),
  );
}

function stringLiterals(expr: string): string[] {
  const values: string[] = [];
  parser.parse(expr).iterate({
    enter: node => {
      if (node.name === 'StringLiteral') {
        values.push(JSON.parse(expr.slice(node.from, node.to)));
      }
    },
  });
  return values;
}

describe('configured panels', () => {
  it('renders the template variables with the entity’s escaped values', () => {
    const hostile = 'x"} or vector(1) or up{job="a\\';
    const [panel] = panels([
      {
        id: 'cache-hit-ratio',
        title: 'Cache hit ratio',
        unit: 'percent',
        query:
          'sum(rate(cache_hits_total$selector[$__rate_interval])) / sum(rate(cache_requests_total{$matchers,tier="l1"}[$__rate_interval])) * 100 + 0 * count(up{job="$job"})',
      },
    ]);
    const query = panel.query({
      matchers: [
        { name: 'namespace', op: '=', value: 'festivals-production' },
        { name: 'job', op: '=', value: hostile },
      ],
      rateWindow: '5m',
      rateInterval: '2m',
    });
    expect(query).toContain('[2m]');
    // The hostile value stays one string literal wherever it is substituted.
    expect(stringLiterals(query)).toEqual([
      'festivals-production',
      hostile,
      'festivals-production',
      hostile,
      'l1',
      hostile,
    ]);
    expect(panel).toMatchObject({ kind: 'timeseries', instant: false });
  });

  it('refuses a query that is not PromQL, naming the config key', () => {
    expect(() =>
      panels([
        {
          id: 'broken',
          title: 'Broken',
          unit: 'count',
          query: 'sum(up$selector',
        },
      ]),
    ).toThrow(/^monitoring\.panels\[0\]\.query is not valid PromQL/);
  });

  it('refuses ids already taken and unknown units or kinds', () => {
    expect(() =>
      panels([{ id: 'error-rate', title: 'x', unit: 'count', query: 'up' }]),
    ).toThrow("monitoring.panels[0].id 'error-rate' is already used");
    expect(() =>
      panels([{ id: 'a', title: 'x', unit: 'bytes', query: 'up' }]),
    ).toThrow('monitoring.panels[0].unit must be one of');
    expect(() =>
      panels([
        { id: 'a', title: 'x', unit: 'count', kind: 'pie', query: 'up' },
      ]),
    ).toThrow('monitoring.panels[0].kind must be one of');
  });

  it('evaluates tables and stats at the range end', () => {
    const [table] = panels([
      {
        id: 'a',
        title: 'A',
        unit: 'count',
        kind: 'table',
        query: 'up$selector',
      },
    ]);
    expect(table.instant).toBe(true);
  });

  it('leaves text without variables alone', () => {
    expect(
      renderQueryTemplate('up{job="$jobs"}', {
        matchers: [],
        rateWindow: '5m',
        rateInterval: '1m',
      }),
    ).toBe('up{job="$jobs"}');
  });
});
