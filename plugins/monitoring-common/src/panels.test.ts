import { parser } from '@prometheus-io/lezer-promql';
import { findPanel, gaugeAt, PANEL_CATALOG, POOL_SIZE_SERIES } from './panels';

function parseErrors(query: string): number {
  let errors = 0;
  parser.parse(query).iterate({
    enter: node => {
      if (node.type.isError) errors++;
    },
  });
  return errors;
}

const base = {
  matchers: [
    { name: 'namespace', op: '=' as const, value: 'festivals-production' },
    { name: 'job', op: '=' as const, value: 'festivals-api' },
  ],
  rateWindow: '5m',
  rateInterval: '1m',
};
const sel = '{namespace="festivals-production",job="festivals-api"}';

describe('gauge panels', () => {
  it('keep the seed’s query while the step is within the 5m look-back', () => {
    expect(findPanel('queue-depth')!.query(base)).toBe(
      `sum by (queue) (queue_jobs_pending${sel})`,
    );
  });

  it('take the newest value within a longer step, so the last point is not empty', () => {
    const scope = { ...base, rateWindow: '20m', gaugeWindow: '20m' };
    expect(findPanel('queue-depth')!.query(scope)).toBe(
      `last_over_time((sum by (queue) (queue_jobs_pending${sel}))[20m:])`,
    );
    expect(gaugeAt('x', base)).toBe('x');
    for (const panel of PANEL_CATALOG) {
      expect({ id: panel.id, errors: parseErrors(panel.query(scope)) }).toEqual(
        { id: panel.id, errors: 0 },
      );
    }
  });
});

describe('Active DB Connections', () => {
  it('draws the guide’s pool size (db_connections_total) as a limit next to the connections in use', () => {
    const panel = findPanel('db-connections-active')!;
    const query = panel.query(base);
    expect(query).toBe(
      `label_replace(sum(db_connections_active${sel}), "series", "in use", "", "") or label_replace(sum(db_connections_total${sel}), "series", "pool size", "", "")`,
    );
    expect(parseErrors(query)).toBe(0);
    expect(panel.legendLabel).toBe('series');
    expect(panel.limitSeries).toBe(POOL_SIZE_SERIES);
    expect(panel.metrics).toEqual(['db_connections_active']);
  });
});

describe('panel metrics', () => {
  it('name, for every catalog panel, metrics its query reads', () => {
    for (const panel of PANEL_CATALOG) {
      const query = panel.query(base);
      expect(panel.metrics?.length).toBeGreaterThan(0);
      for (const metric of panel.metrics!) {
        expect({ id: panel.id, reads: query.includes(`${metric}{`) }).toEqual({
          id: panel.id,
          reads: true,
        });
      }
    }
  });
});
