import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { festivalsRulesFile } from '@internal/local-stack';
import { comparedConstants, selectorsOf, shapeOf } from '@internal/test-kit';
import { parse, stringify } from 'yaml';
import {
  assertValidManifests,
  promqlSyntaxErrors,
} from '../validation/validateManifests';
import { buildRuleGroups, type AlertingRule } from './manifests';
import { generateManifests } from './render';
import { parseMonitoredService } from './spec';

// Real work per test (promtool processes, the CRD schema validators compiled on first use, the
// Kubernetes client over HTTP): 5 s is too tight on a cold, loaded 2-core CI machine.
jest.setTimeout(60_000);

// Expectations come from the repository's copy of the seed's twelve rules (the local stack's
// festivals-rules.yml, already adapted to keep namespace/service), and from the seed text itself.
type SeedRule = {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string };
};
const seedGroups: Array<{ name: string; rules: SeedRule[] }> = parse(
  fs.readFileSync(festivalsRulesFile(), 'utf8'),
).groups;
const seedRules = seedGroups.flatMap(g =>
  g.rules.map(r => ({ ...r, group: g.name.replace(/^festivals\./, '') })),
);

const settings = {
  serviceMonitorLabels: { release: 'prometheus' },
  prometheusRuleLabels: { release: 'prometheus' },
  runbookBaseUrl: 'https://runbooks.example.org/',
};

const base = { name: 'payments', namespace: 'festivals-production' };

function rulesOf(input: object): Array<AlertingRule & { group: string }> {
  const service = parseMonitoredService({ ...base, ...input });
  return buildRuleGroups(service, settings).flatMap(g =>
    g.rules.map(r => ({ ...r, group: g.name })),
  );
}

describe('PrometheusRule from the seed', () => {
  const rules = rulesOf({});

  it('has the seed’s twelve alerts, in its five groups, with its `for` and severities', () => {
    expect(seedRules).toHaveLength(12);
    expect(
      rules.map(r => [r.group, r.alert, r.for, r.labels.severity]),
    ).toEqual(
      seedRules.map(r => [
        `payments.${r.group}`,
        r.alert,
        r.for,
        r.labels.severity,
      ]),
    );
  });

  it('keeps each seed expression’s shape and default threshold', () => {
    for (const seed of seedRules) {
      const rule = rules.find(r => r.alert === seed.alert)!;
      expect({ alert: rule.alert, shape: shapeOf(rule.expr) }).toEqual({
        alert: seed.alert,
        shape: shapeOf(seed.expr),
      });
      expect({
        alert: rule.alert,
        thresholds: comparedConstants(rule.expr),
      }).toEqual({
        alert: seed.alert,
        thresholds: comparedConstants(seed.expr),
      });
    }
  });

  it('scopes every selector to the service’s namespace and to the service, job or its pods', () => {
    for (const rule of rules) {
      expect(promqlSyntaxErrors(rule.expr)).toEqual([]);
      for (const sel of selectorsOf(rule.expr)) {
        const m = (name: string) => sel.matchers.find(x => x.name === name);
        expect({ rule: rule.alert, ns: m('namespace') }).toEqual({
          rule: rule.alert,
          ns: { name: 'namespace', op: '=', value: 'festivals-production' },
        });
        const is = (name: string) =>
          m(name)?.op === '=' && m(name)?.value === 'payments';
        // Pod series (cAdvisor, kube-state-metrics) name no service: the rule's join on
        // kube_pod_labels{label_app_kubernetes_io_name="payments"} scopes them.
        const podSeries = /^container_|^kube_pod_container_/.test(sel.metric);
        const joined = selectorsOf(rule.expr).some(
          other =>
            other.metric === 'kube_pod_labels' &&
            other.matchers.some(
              x =>
                x.name === 'label_app_kubernetes_io_name' &&
                x.op === '=' &&
                x.value === 'payments',
            ),
        );
        const scoped =
          is('service') ||
          is('job') ||
          is('label_app_kubernetes_io_name') ||
          (podSeries && joined);
        expect({ rule: rule.alert, metric: sel.metric, scoped }).toEqual({
          rule: rule.alert,
          metric: sel.metric,
          scoped: true,
        });
      }
    }
    // cAdvisor's pod-level cgroup series (container="") would count the usage twice.
    const cadvisor = rules.flatMap(rule =>
      selectorsOf(rule.expr)
        .filter(sel => sel.metric.startsWith('container_'))
        .map(sel => [
          rule.alert,
          sel.metric,
          sel.matchers.find(x => x.name === 'container'),
        ]),
    );
    const containerOnly = { name: 'container', op: '!=', value: '' };
    expect(cadvisor).toEqual([
      ['FestivalsHighCPU', 'container_cpu_usage_seconds_total', containerOnly],
      [
        'FestivalsHighMemory',
        'container_memory_working_set_bytes',
        containerOnly,
      ],
    ]);
  });

  it('resource rules fire for the service’s pods with its labels, not for a sibling <name>-worker’s or the pod-level series (promtool test rules)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-rules-'));
    try {
      const groups = buildRuleGroups(
        parseMonitoredService({ ...base, alertGroups: ['resources'] }),
        settings,
      );
      fs.writeFileSync(
        path.join(dir, 'rules.yml'),
        stringify({
          groups: groups.map(g => ({
            ...g,
            rules: g.rules.map(r => ({ ...r, for: '1m' })),
          })),
        }),
      );
      const ns = 'namespace="festivals-production"';
      // payments at 95 % of its limits and restarting; payments-worker (a sibling whose pods also
      // start with "payments-") at the same; payments-b at 50 %, which the pod-level series
      // (container="") would double to 100 % if it counted.
      const pod = (
        name: string,
        app: string,
        cpuPerMin: number,
        memory: number,
        restarts: string,
      ) => [
        {
          series: `kube_pod_labels{${ns},pod="${name}",label_app_kubernetes_io_name="${app}"}`,
          values: '1x40',
        },
        {
          series: `container_cpu_usage_seconds_total{${ns},pod="${name}",container="${app}"}`,
          values: `0+${cpuPerMin}x40`,
        },
        {
          series: `container_cpu_usage_seconds_total{${ns},pod="${name}",container=""}`,
          values: `0+${cpuPerMin}x40`,
        },
        {
          series: `container_memory_working_set_bytes{${ns},pod="${name}",container="${app}"}`,
          values: `${memory}x40`,
        },
        {
          series: `container_memory_working_set_bytes{${ns},pod="${name}",container=""}`,
          values: `${memory}x40`,
        },
        {
          series: `kube_pod_container_resource_limits{${ns},pod="${name}",container="${app}",resource="cpu"}`,
          values: '1x40',
        },
        {
          series: `kube_pod_container_resource_limits{${ns},pod="${name}",container="${app}",resource="memory"}`,
          values: '1000x40',
        },
        {
          series: `kube_pod_container_status_restarts_total{${ns},pod="${name}",container="${app}"}`,
          values: restarts,
        },
      ];
      const labels = (extra: object) => ({
        namespace: 'festivals-production',
        service: 'payments',
        severity: 'warning',
        ...extra,
      });
      const annotations = (alert: string) => {
        const rule = groups[0].rules.find(r => r.alert === alert)!;
        return {
          summary: rule.annotations.summary,
          description: rule.annotations.description.replace(
            '{{ $labels.pod }}',
            'payments-7d9f-a',
          ),
          runbook_url: rule.annotations.runbook_url,
        };
      };
      fs.writeFileSync(
        path.join(dir, 'rules.test.yml'),
        stringify({
          rule_files: ['rules.yml'],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: [
                ...pod('payments-7d9f-a', 'payments', 57, 950, '0+1x40'),
                ...pod('payments-7d9f-b', 'payments', 30, 500, '2x40'),
                ...pod(
                  'payments-worker-5c8b-c',
                  'payments-worker',
                  57,
                  950,
                  '0+1x40',
                ),
              ],
              alert_rule_test: [
                'FestivalsHighCPU',
                'FestivalsHighMemory',
                'FestivalsPodRestarting',
              ].map(alertname => ({
                eval_time: '30m',
                alertname,
                exp_alerts: [
                  {
                    exp_labels: labels({
                      pod: 'payments-7d9f-a',
                      ...(alertname === 'FestivalsPodRestarting'
                        ? { container: 'payments' }
                        : {}),
                    }),
                    exp_annotations: annotations(alertname),
                  },
                ],
              })),
            },
          ],
        }),
      );
      let output: string;
      try {
        output = execFileSync('promtool', ['test', 'rules', 'rules.test.yml'], {
          cwd: dir,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e: any) {
        output = `${e.stdout}${e.stderr}`;
      }
      expect(output).toMatch(/SUCCESS/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('links every rule to its runbook section and labels it for routing', () => {
    for (const rule of rulesOf({
      runbookUrl: 'https://git.example.org/payments/docs/runbook.md',
      routingLabels: { team: 'payments' },
      severities: { critical: 'page' },
    })) {
      expect(rule.annotations.runbook_url).toBe(
        `https://git.example.org/payments/docs/runbook.md#${rule.alert.toLowerCase()}`,
      );
      const seedSeverity = seedRules.find(s => s.alert === rule.alert)!.labels
        .severity;
      expect(rule.labels).toEqual({
        team: 'payments',
        namespace: 'festivals-production',
        service: 'payments',
        severity: seedSeverity === 'critical' ? 'page' : 'warning',
      });
    }
    // Without a runbook URL, the configured base + namespace/name.
    expect(rules[0].annotations.runbook_url).toBe(
      'https://runbooks.example.org/festivals-production/payments#festivalsapidown',
    );
  });

  it('treats the empty optional fields a form passes as absent', () => {
    const rule = rulesOf({ routingLabels: { team: '' }, runbookUrl: '' })[0];
    expect(rule.labels).toEqual({
      namespace: 'festivals-production',
      service: 'payments',
      severity: 'critical',
    });
    expect(rule.annotations.runbook_url).toBe(
      'https://runbooks.example.org/festivals-production/payments#festivalsapidown',
    );
  });

  it('puts the asked thresholds into expressions and descriptions (percent → ratio)', () => {
    const custom = rulesOf({
      thresholds: {
        errorRatePercent: 7,
        latencyP95Seconds: 0.5,
        cpuPercent: 75,
        memoryPercent: 85,
        restartsPerHour: 5,
        dbPoolPercent: 60,
        slowQueryP95Seconds: 0.25,
        queueBacklog: 250,
        paymentFailurePercent: 2.5,
      },
    });
    const byAlert = Object.fromEntries(
      custom.map(r => [r.alert, comparedConstants(r.expr)]),
    );
    expect(byAlert).toEqual({
      FestivalsAPIDown: [0],
      FestivalsHighErrorRate: [0.07],
      FestivalsHighLatency: [0.5],
      FestivalsHighCPU: [0.75],
      FestivalsHighMemory: [0.85],
      FestivalsPodRestarting: [5],
      FestivalsDatabaseConnectionHigh: [0.6],
      FestivalsDatabaseSlowQueries: [0.25],
      FestivalsQueueBacklog: [250],
      FestivalsQueueStuck: [0, 0],
      FestivalsNoTicketSales: [0],
      FestivalsPaymentFailureHigh: [0.025],
    });
    expect(
      custom.find(r => r.alert === 'FestivalsHighErrorRate')!.annotations
        .description,
    ).toBe('Error rate is above 7% for the last 5 minutes');
  });

  it('generates only the groups asked for', () => {
    const groups = [
      ...new Set(rulesOf({ alertGroups: ['queue'] }).map(r => r.group)),
    ];
    expect(groups).toEqual(['payments.queue']);
  });
});

describe('ServiceMonitor from the seed', () => {
  it('has the seed endpoint defaults, the operator label and the service selector', () => {
    const { serviceMonitor } = generateManifests(
      parseMonitoredService(base),
      settings,
    );
    // docs/monitoring-guide.md "ServiceMonitor for Festivals API".
    expect(serviceMonitor).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: 'payments',
        namespace: 'festivals-production',
        labels: { release: 'prometheus', 'app.kubernetes.io/name': 'payments' },
      },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments' } },
        namespaceSelector: { matchNames: ['festivals-production'] },
        endpoints: [
          {
            port: 'metrics',
            interval: '30s',
            path: '/metrics',
            scrapeTimeout: '10s',
          },
        ],
      },
    });
  });
});

describe('validation', () => {
  it('accepts the generated manifests (CRD schemas, PromQL)', () => {
    const m = generateManifests(parseMonitoredService(base), settings);
    expect(() =>
      assertValidManifests([m.serviceMonitor, m.prometheusRule]),
    ).not.toThrow();
  });

  it('refuses bad input naming each field', () => {
    const bad = (input: object) => () =>
      parseMonitoredService({ ...base, ...input });
    expect(bad({ name: 'Payments_API' })).toThrow(/^Invalid input: name: /);
    expect(bad({ namespace: '-x' })).toThrow(/namespace: /);
    expect(bad({ thresholds: { cpuPercent: 120 } })).toThrow(
      /thresholds\.cpuPercent: Number must be less than or equal to 100/,
    );
    expect(bad({ metrics: { interval: '30 seconds' } })).toThrow(
      /metrics\.interval: metrics\.interval must be a Prometheus duration/,
    );
    expect(bad({ metrics: { interval: '10s', scrapeTimeout: '15s' } })).toThrow(
      /metrics\.scrapeTimeout: .*not longer than metrics\.interval \(10s\)/,
    );
    expect(bad({ alertGroups: ['availability', 'latency'] })).toThrow(
      /alertGroups\.1: /,
    );
    expect(bad({ routingLabels: { 'bad-label': 'x' } })).toThrow(
      /routingLabels\.bad-label: /,
    );
    expect(bad({ routingLabels: { severity: 'x' } })).toThrow(
      /routingLabels\.severity: /,
    );
  });

  it('refuses label values Prometheus would expand as templates', () => {
    const bad = (input: object) => () =>
      parseMonitoredService({ ...base, ...input });
    expect(
      bad({ severities: { critical: '{{ with query "up" }}x{{ end }}' } }),
    ).toThrow(/severities\.critical: must be 1–63 letters, digits/);
    expect(bad({ severities: { warning: '$value' } })).toThrow(
      /severities\.warning: /,
    );
    expect(bad({ routingLabels: { team: '{{ $labels.job }}' } })).toThrow(
      /routingLabels\.team: /,
    );
    // Ordinary values still pass.
    expect(
      parseMonitoredService({
        ...base,
        severities: { critical: 'page' },
        routingLabels: { team: 'payments', escalation: 'oncall/primary' },
      }).routingLabels,
    ).toEqual({ team: 'payments', escalation: 'oncall/primary' });
  });

  it('refuses manifests the CRD schema or PromQL grammar rejects, naming the object and field', () => {
    const m = generateManifests(parseMonitoredService(base), settings);
    const rule = structuredClone(m.prometheusRule) as any;
    rule.spec.groups[0].rules[1].expr = 'sum(rate(x[5m]) >';
    rule.spec.groups[0].rules[2].for = '5 minutes';
    const monitor = structuredClone(m.serviceMonitor) as any;
    monitor.spec.endpoints[0].scrapeTimeout = 'soon';
    let message = '';
    try {
      assertValidManifests([monitor, rule]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /ServiceMonitor festivals-production\/payments: does not match the ServiceMonitor CRD schema: .*spec\/endpoints\/0\/scrapeTimeout/,
    );
    expect(message).toMatch(
      /PrometheusRule festivals-production\/payments: does not match the PrometheusRule CRD schema: .*spec\/groups\/0\/rules\/2\/for/,
    );
    expect(message).toMatch(
      /PrometheusRule festivals-production\/payments: spec\.groups\[0\]\.rules\[1\] \(FestivalsHighErrorRate\): expr is not valid PromQL/,
    );
    expect(() =>
      assertValidManifests([{ ...m.serviceMonitor, kind: 'Deployment' }]),
    ).toThrow(/kind must be one of ServiceMonitor, PrometheusRule/);
    expect(() =>
      assertValidManifests([m.serviceMonitor, m.serviceMonitor]),
    ).toThrow(
      /ServiceMonitor festivals-production\/payments: appears more than once/,
    );
  });
});
