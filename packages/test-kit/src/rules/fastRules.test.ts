import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { selectorsOf, type Selector } from '../promql';
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

  it('with alerts, keeps only those rules, still valid for promtool', () => {
    const file = fastFestivalsRulesFile({
      dir,
      alerts: ['FestivalsHighMemory', 'FestivalsPodRestarting'],
    });
    const out = execFileSync('promtool', ['check', 'rules', file], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS: 2 rules found/);
    expect(rulesOf(file).map((r: any) => r.alert)).toEqual([
      'FestivalsHighMemory',
      'FestivalsPodRestarting',
    ]);
    expect(
      parse(fs.readFileSync(file, 'utf8')).groups.map((g: any) => g.name),
    ).toEqual(['festivals.resources']);
  });

  it('with services, fires only for those services (promtool test rules)', () => {
    const file = fastFestivalsRulesFile({
      dir,
      services: ['festivals-checkout'],
    });
    const scoped = (name: string) => (selector: Selector) =>
      selector.matchers.some(
        m =>
          m.name === name && m.op === '=~' && m.value === 'festivals-checkout',
      );
    const podSeries = (selector: Selector) =>
      /^container_|^kube_pod_container_/.test(selector.metric);
    for (const rule of rulesOf(file)) {
      // Series a service exports carry `service`; pod series are scoped by their join on the
      // pod's app label.
      for (const selector of selectorsOf(rule.expr)) {
        const name =
          selector.metric === 'kube_pod_labels'
            ? 'label_app_kubernetes_io_name'
            : 'service';
        expect([
          rule.alert,
          selector.metric,
          podSeries(selector) || scoped(name)(selector),
        ]).toEqual([rule.alert, selector.metric, true]);
      }
    }
    // Every rule over pod series joins them with the scoped kube_pod_labels.
    const podRules = rulesOf(file)
      .map(rule => ({ rule, selectors: selectorsOf(rule.expr) }))
      .filter(({ selectors }) => selectors.some(podSeries))
      .map(({ rule, selectors }) => [
        rule.alert,
        selectors.some(scoped('label_app_kubernetes_io_name')),
      ]);
    expect(podRules).toEqual([
      ['FestivalsHighCPU', true],
      ['FestivalsHighMemory', true],
      ['FestivalsPodRestarting', true],
    ]);
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
              })
              // Both services' pods at 95 % of their memory limit: only the named one alerts.
              .concat(
                ['festivals-checkout', 'festivals-api'].flatMap(service => [
                  {
                    series: `kube_pod_labels{namespace="festivals-production",pod="${service}-1",label_app_kubernetes_io_name="${service}"}`,
                    values: '1x120',
                  },
                  {
                    series: `container_memory_working_set_bytes{namespace="festivals-production",pod="${service}-1",container="${service}"}`,
                    values: '950x120',
                  },
                  {
                    series: `kube_pod_container_resource_limits{namespace="festivals-production",pod="${service}-1",container="${service}",resource="memory"}`,
                    values: '1000x120',
                  },
                ]),
              ),
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
              {
                eval_time: '60s',
                alertname: 'FestivalsHighMemory',
                exp_alerts: [
                  {
                    exp_labels: {
                      severity: 'warning',
                      namespace: 'festivals-production',
                      service: 'festivals-checkout',
                      pod: 'festivals-checkout-1',
                    },
                    exp_annotations: {
                      summary: 'High memory usage',
                      description:
                        'Pod festivals-checkout-1 memory usage is above 90%',
                    },
                  },
                ],
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
