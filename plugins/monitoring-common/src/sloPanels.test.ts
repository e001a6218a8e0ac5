import { parser } from '@prometheus-io/lezer-promql';
import { SLO_PANEL_IDS, sloPanels } from './sloPanels';

function parseErrors(query: string): number {
  let errors = 0;
  parser.parse(query).iterate({
    enter: node => {
      if (node.type.isError) errors++;
    },
  });
  return errors;
}

const scope = {
  matchers: [
    { name: 'namespace', op: '=' as const, value: 'festivals-production' },
    { name: 'job', op: '=' as const, value: 'festivals-api' },
  ],
  rateWindow: '5m',
  rateInterval: '1m',
};
const sel = 'namespace="festivals-production",job="festivals-api"';

const availability = {
  kind: 'availability' as const,
  objectivePercent: 99.5,
  windowDays: 30,
};
const latency = {
  kind: 'latency' as const,
  objectivePercent: 95,
  windowDays: 28,
  thresholdSeconds: 1,
};

describe('SLO panels', () => {
  it('are a budget and a burn rate per objective, with known ids', () => {
    const panels = sloPanels([availability, latency]);
    expect(panels.map(p => p.id)).toEqual([
      'slo-availability-budget',
      'slo-availability-burn-rate',
      'slo-latency-budget',
      'slo-latency-burn-rate',
    ]);
    expect([...SLO_PANEL_IDS].sort()).toEqual(panels.map(p => p.id).sort());
    for (const panel of panels) {
      expect({ id: panel.id, errors: parseErrors(panel.query(scope)) }).toEqual(
        { id: panel.id, errors: 0 },
      );
    }
  });

  it('compute the availability budget over the objective’s window from raw counters', () => {
    const [budget, burn] = sloPanels([availability]);
    expect(budget.query(scope)).toBe(
      `label_replace((1 - (sum(increase(http_requests_total{${sel},status=~"5.."}[30d])) or vector(0)) / sum(increase(http_requests_total{${sel}}[30d])) / 0.005) * 100, "series", "budget left", "", "") or label_replace(time() - min(min_over_time(timestamp(up{${sel}})[30d:1m]) or timestamp(up{${sel}})), "series", "data seconds", "", "")`,
    );
    expect(budget.description).toContain(
      '99.5 % of requests answered without a 5xx, over 30 days',
    );
    expect(burn.query(scope)).toBe(
      `(sum(rate(http_requests_total{${sel},status=~"5.."}[1h])) or vector(0)) / sum(rate(http_requests_total{${sel}}[1h])) / 0.005`,
    );
    expect(burn.thresholds?.map(t => t.value)).toEqual([14.4, 6]);
  });

  it('count latency at the threshold’s bucket, written either way client libraries write it', () => {
    const [budget, burn] = sloPanels([latency]);
    expect(burn.query(scope)).toBe(
      `(1 - sum(rate(http_request_duration_seconds_bucket{${sel},le=~"1(\\\\.0)?"}[1h])) / sum(rate(http_request_duration_seconds_count{${sel}}[1h]))) / 0.05`,
    );
    expect(budget.query(scope)).toContain('[28d]');
    expect(burn.thresholds?.map(t => t.value)).toEqual([13.44, 5.6]);
    const [, halfSecond] = sloPanels([{ ...latency, thresholdSeconds: 0.5 }]);
    expect(halfSecond.query(scope)).toContain('le=~"0\\\\.5"}');
  });

  it('widen the burn-rate window to a step longer than an hour', () => {
    const [, burn] = sloPanels([availability]);
    expect(burn.query({ ...scope, rateWindow: '1h12m' })).toContain('[1h12m]');
  });
});
