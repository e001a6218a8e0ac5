import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { checkRulesWithPromtool } from '../validation/promtool';
import {
  assertValidManifests,
  promqlSyntaxErrors,
} from '../validation/validateManifests';
import { generateManifests } from './render';
import { buildSloRuleGroups } from './slo';
import { parseMonitoredService } from './spec';

// promtool processes on a cold, loaded 2-core CI machine.
jest.setTimeout(60_000);

const settings = {
  serviceMonitorLabels: { release: 'prometheus' },
  prometheusRuleLabels: { release: 'prometheus' },
  runbookBaseUrl: 'https://runbooks.example.org',
};
const base = { name: 'payments', namespace: 'festivals-production' };
const slo = {
  availability: { objectivePercent: 99.9 },
  latency: { objectivePercent: 95, thresholdSeconds: 0.25 },
};
const groups = () =>
  buildSloRuleGroups(parseMonitoredService({ ...base, slo }), settings);

/** `promtool test rules` on the groups with the given unit tests; its output. */
function promtoolTest(ruleGroups: unknown[], tests: object[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-rules-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'rules.yml'),
      stringify({ groups: ruleGroups }),
    );
    fs.writeFileSync(
      path.join(dir, 'rules.test.yml'),
      stringify({
        rule_files: ['rules.yml'],
        evaluation_interval: '1m',
        tests,
      }),
    );
    try {
      return execFileSync('promtool', ['test', 'rules', 'rules.test.yml'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e: any) {
      return `${e.stdout}${e.stderr}`;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sel = 'namespace="festivals-production",service="payments"';
/** Per-minute counter increments over `minutes`: bad and good requests. */
const requests = (bad: number, good: number, minutes: number) => [
  {
    series: `http_requests_total{${sel},status="500"}`,
    values: `0+${bad}x${minutes}`,
  },
  {
    series: `http_requests_total{${sel},status="200"}`,
    values: `0+${good}x${minutes}`,
  },
];
const latency = (slow: number, fast: number, minutes: number) => [
  {
    series: `http_request_duration_seconds_bucket{${sel},le="0.25"}`,
    values: `0+${fast}x${minutes}`,
  },
  {
    series: `http_request_duration_seconds_count{${sel}}`,
    values: `0+${slow + fast}x${minutes}`,
  },
];
/** The alert expected to fire, with its labels and annotations as the on-call engineer reads them. */
const firing = (
  kind: 'availability' | 'latency',
  speed: 'fast' | 'slow',
  objective: string,
) => {
  const fast = speed === 'fast';
  const alert = `Festivals${
    kind === 'availability' ? 'Availability' : 'Latency'
  }Slo${fast ? 'Fast' : 'Slow'}Burn`;
  return {
    exp_labels: {
      namespace: 'festivals-production',
      service: 'payments',
      slo: kind,
      severity: fast ? 'critical' : 'warning',
    },
    exp_annotations: {
      summary: `${
        kind === 'availability' ? 'Availability' : 'Latency'
      } SLO error budget burning ${fast ? 'fast' : 'steadily'}`,
      description: `Objective: ${objective} over 30 days. The last ${
        fast ? '1h and 5m' : '6h and 30m'
      } both burn the error budget at more than ${
        fast ? '14.4x (2% of it in 1h)' : '6x (5% of it in 6h)'
      }`,
      runbook_url: `https://runbooks.example.org/festivals-production/payments#${alert.toLowerCase()}`,
    },
  };
};
const AVAILABILITY = '99.9% of requests succeed (not 5xx)';

describe('SLO rules (multi-window, multi-burn-rate)', () => {
  it('records the error ratio of each window and alerts on the workbook’s 1h/5m ×14.4 and 6h/30m ×6 pairs', () => {
    const [availability, latencyGroup] = groups();
    expect(availability.name).toBe('payments.slo-availability');
    expect(
      availability.rules.map(r => ('record' in r ? r.record : r.alert)),
    ).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate6h',
      'FestivalsAvailabilitySloFastBurn',
      'FestivalsAvailabilitySloSlowBurn',
    ]);
    const alerts = availability.rules.filter(r => 'alert' in r) as any[];
    // 99.9 %: a budget of 0.001; 14.4 × and 6 × that.
    expect(alerts[0].expr).toBe(
      'slo:sli_error:ratio_rate1h{namespace="festivals-production",service="payments",slo="availability"} > 0.0144\n' +
        'and slo:sli_error:ratio_rate5m{namespace="festivals-production",service="payments",slo="availability"} > 0.0144',
    );
    expect(alerts[1].expr).toMatch(
      /ratio_rate6h\{.*\} > 0\.006\nand .*ratio_rate30m\{.*\} > 0\.006$/,
    );
    expect(alerts.map(a => a.labels.severity)).toEqual(['critical', 'warning']);
    expect(alerts[0].annotations.runbook_url).toBe(
      'https://runbooks.example.org/festivals-production/payments#festivalsavailabilityslofastburn',
    );
    // 95 % under 0.25 s: bad = slower than the le="0.25" bucket.
    expect(latencyGroup.rules[0].expr).toContain(
      'http_request_duration_seconds_bucket{namespace="festivals-production",service="payments",le="0.25"}[5m]',
    );
    for (const rule of [...availability.rules, ...latencyGroup.rules])
      expect({
        rule: rule.expr,
        errors: promqlSyntaxErrors(rule.expr),
      }).toEqual({ rule: rule.expr, errors: [] });
  });

  it('scales the burn factors with the objective’s window (2 % / 5 % of the budget)', () => {
    const [g] = buildSloRuleGroups(
      parseMonitoredService({
        ...base,
        slo: { availability: { objectivePercent: 99, windowDays: 7 } },
      }),
      settings,
    );
    const alerts = g.rules.filter(r => 'alert' in r);
    // 7 days = 168 h: 0.02 × 168 / 1 = 3.36 and 0.05 × 168 / 6 = 1.4, times a 0.01 budget.
    expect(alerts.map(a => a.expr.split(' > ')[1].split('\n')[0])).toEqual([
      '0.0336',
      '0.014',
    ]);
  });

  it('has no SLO rules without objectives, and refuses a latency threshold that is not a bucket', () => {
    expect(buildSloRuleGroups(parseMonitoredService(base), settings)).toEqual(
      [],
    );
    expect(() =>
      parseMonitoredService({
        ...base,
        slo: { latency: { objectivePercent: 95, thresholdSeconds: 0.3 } },
      }),
    ).toThrow(
      /slo\.latency\.thresholdSeconds.*must be a bucket of http_request_duration_seconds/,
    );
    expect(() =>
      parseMonitoredService({
        ...base,
        slo: { availability: { objectivePercent: 100 } },
      }),
    ).toThrow(/slo\.availability\.objectivePercent/);
  });

  it('are part of the PrometheusRule and pass its validation and promtool check rules', async () => {
    const { prometheusRule } = generateManifests(
      parseMonitoredService({ ...base, slo }),
      settings,
    );
    const names = (prometheusRule.spec.groups as Array<{ name: string }>).map(
      g => g.name,
    );
    expect(names.slice(-2)).toEqual([
      'payments.slo-availability',
      'payments.slo-latency',
    ]);
    expect(() => assertValidManifests([prometheusRule])).not.toThrow();
    const result = await checkRulesWithPromtool(
      prometheusRule.spec.groups as unknown[],
    );
    expect(result).toMatchObject({ checked: true });
  });

  it('fires the fast burn (not the slow one yet) when 10 % of requests fail (promtool test rules)', () => {
    const output = promtoolTest(groups(), [
      {
        interval: '1m',
        input_series: requests(60, 540, 120),
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'FestivalsAvailabilitySloFastBurn',
            exp_alerts: [firing('availability', 'fast', AVAILABILITY)],
          },
          {
            eval_time: '10m',
            alertname: 'FestivalsAvailabilitySloSlowBurn',
            exp_alerts: [],
          },
        ],
      },
    ]);
    expect(output).toMatch(/SUCCESS/);
  });

  it('fires the slow burn only when 1 % fail (10× a 0.1 % budget: above 6, below 14.4)', () => {
    const output = promtoolTest(groups(), [
      {
        interval: '1m',
        input_series: requests(6, 594, 120),
        alert_rule_test: [
          {
            eval_time: '60m',
            alertname: 'FestivalsAvailabilitySloSlowBurn',
            exp_alerts: [firing('availability', 'slow', AVAILABILITY)],
          },
          {
            eval_time: '60m',
            alertname: 'FestivalsAvailabilitySloFastBurn',
            exp_alerts: [],
          },
        ],
      },
    ]);
    expect(output).toMatch(/SUCCESS/);
  });

  it('stays quiet within budget, and burns the latency budget when most requests are slow', () => {
    const output = promtoolTest(groups(), [
      {
        interval: '1m',
        // 0.05 % errors: half the budget.
        input_series: [...requests(3, 5997, 120), ...latency(540, 60, 120)],
        alert_rule_test: [
          ...[
            'FestivalsAvailabilitySloFastBurn',
            'FestivalsAvailabilitySloSlowBurn',
          ].map(alertname => ({ eval_time: '60m', alertname, exp_alerts: [] })),
          {
            eval_time: '10m',
            alertname: 'FestivalsLatencySloFastBurn',
            exp_alerts: [
              firing('latency', 'fast', '95% of requests take under 0.25 s'),
            ],
          },
        ],
      },
    ]);
    expect(output).toMatch(/SUCCESS/);
  });
});
