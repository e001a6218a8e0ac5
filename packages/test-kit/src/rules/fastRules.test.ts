import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { selectorsOf } from '../promql';
import { fastFestivalsRulesFile } from './fastRules';

function rulesOf(file: string): any[] {
  return parse(fs.readFileSync(file, 'utf8')).groups.flatMap(
    (g: any) => g.rules,
  );
}

describe('fastFestivalsRulesFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-fast-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the twelve rules valid with short for and windows, thresholds unchanged', () => {
    const file = fastFestivalsRulesFile({ dir, for: '3s', window: '15s' });
    const out = execFileSync('promtool', ['check', 'rules', file], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS: 12 rules found/);
    const rules = rulesOf(file);
    expect(new Set(rules.map((r: any) => r.for))).toEqual(new Set(['3s']));
    const errorRate = rules.find(
      (r: any) => r.alert === 'FestivalsHighErrorRate',
    );
    expect(errorRate.expr).toContain('[15s]');
    expect(errorRate.expr).not.toMatch(/\[5m\]/);
    expect(errorRate.expr).toContain('> 0.05');
  });

  it('with services, fires only for those services (promtool test rules)', () => {
    const file = fastFestivalsRulesFile({
      dir,
      services: ['festivals-checkout'],
    });
    for (const rule of rulesOf(file)) {
      for (const selector of selectorsOf(rule.expr))
        expect([rule.alert, selector.matchers]).toEqual([
          rule.alert,
          expect.arrayContaining([
            { name: 'service', op: '=~', value: 'festivals-checkout' },
          ]),
        ]);
    }
    expect(
      execFileSync('promtool', ['check', 'rules', 'festivals-rules-fast.yml'], {
        cwd: dir,
        encoding: 'utf8',
      }),
    ).toMatch(/SUCCESS: 12 rules found/);
    // Two services with the same 30 % 5xx, both down: only the named one alerts.
    const series = (service: string, status: string, perSecond: number) => ({
      series: `http_requests_total{namespace="festivals-production",service="${service}",status="${status}"}`,
      values: `0+${perSecond}x120`,
    });
    fs.writeFileSync(
      path.join(dir, 'scoped.test.yml'),
      stringify({
        rule_files: ['festivals-rules-fast.yml'],
        evaluation_interval: '1s',
        tests: [
          {
            interval: '1s',
            input_series: ['festivals-checkout', 'festivals-api']
              .flatMap(service => [
                series(service, '200', 7),
                series(service, '500', 3),
              ])
              .concat({
                series:
                  'up{job="festivals-api",namespace="festivals-production",service="festivals-api"}',
                values: '0x120',
              }),
            alert_rule_test: [
              {
                eval_time: '60s',
                alertname: 'FestivalsHighErrorRate',
                exp_alerts: [
                  {
                    exp_labels: {
                      severity: 'critical',
                      namespace: 'festivals-production',
                      service: 'festivals-checkout',
                    },
                    exp_annotations: {
                      summary: 'High error rate detected',
                      description:
                        'Error rate is above 5% for the last 5 minutes',
                    },
                  },
                ],
              },
              {
                eval_time: '60s',
                alertname: 'FestivalsAPIDown',
                exp_alerts: [],
              },
            ],
          },
        ],
      }),
    );
    const out = execFileSync('promtool', ['test', 'rules', 'scoped.test.yml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS/);
  });
});
