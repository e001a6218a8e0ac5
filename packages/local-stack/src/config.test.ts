import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  alertmanagerConfig,
  alertmanagerConfigFile,
  festivalsRulesFile,
} from './processes.ts';

// The twelve rules of the seed (docs/monitoring-guide.md, "Alert Rules"), group by group.
const SEED_RULES: Record<string, Array<[string, string]>> = {
  'festivals.availability': [
    ['FestivalsAPIDown', 'critical'],
    ['FestivalsHighErrorRate', 'critical'],
    ['FestivalsHighLatency', 'warning'],
  ],
  'festivals.resources': [
    ['FestivalsHighCPU', 'warning'],
    ['FestivalsHighMemory', 'warning'],
    ['FestivalsPodRestarting', 'warning'],
  ],
  'festivals.database': [
    ['FestivalsDatabaseConnectionHigh', 'warning'],
    ['FestivalsDatabaseSlowQueries', 'warning'],
  ],
  'festivals.queue': [
    ['FestivalsQueueBacklog', 'warning'],
    ['FestivalsQueueStuck', 'critical'],
  ],
  'festivals.business': [
    ['FestivalsNoTicketSales', 'warning'],
    ['FestivalsPaymentFailureHigh', 'critical'],
  ],
};

describe('the stack’s alert rules', () => {
  it('pass promtool check rules', () => {
    const out = execFileSync(
      'promtool',
      ['check', 'rules', festivalsRulesFile()],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/SUCCESS: 12 rules found/);
  });

  it('are the seed’s twelve rules in its five groups with its severities', () => {
    const file = parse(fs.readFileSync(festivalsRulesFile(), 'utf8'));
    const actual: Record<string, Array<[string, string]>> = {};
    for (const group of file.groups) {
      actual[group.name] = group.rules.map((r: any) => [
        r.alert,
        r.labels.severity,
      ]);
    }
    expect(actual).toEqual(SEED_RULES);
  });
});

describe.each(['seed', 'corrected'] as const)(
  'the stack’s Alertmanager configuration (%s)',
  variant => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'am-config-'));
    const file = path.join(dir, 'alertmanager.yml');
    beforeAll(() =>
      fs.writeFileSync(
        file,
        alertmanagerConfig('http://127.0.0.1:9999', variant),
      ),
    );
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('passes amtool check-config', () => {
      const out = execFileSync('amtool', ['check-config', file], {
        encoding: 'utf8',
      });
      expect(out).toMatch(/SUCCESS/);
      expect(out).toMatch(/4 receivers/);
    });

    it.each([
      ['severity=critical', 'pagerduty-critical,slack-critical'],
      ['severity=warning', 'slack-warnings'],
      ['severity=info', 'slack-notifications'],
    ])('routes %s like the seed: %s', (labels, receivers) => {
      const out = execFileSync(
        'amtool',
        ['config', 'routes', 'test', `--config.file=${file}`, labels],
        { encoding: 'utf8' },
      );
      expect(out.trim()).toBe(receivers);
    });

    it('delivers only to the local sink', () => {
      const config = parse(fs.readFileSync(file, 'utf8'));
      const urls = config.receivers.flatMap((r: any) =>
        Object.entries(r)
          .filter(([key]) => key.endsWith('_configs'))
          .flatMap(([, configs]) => (configs as any[]).map(c => c.url)),
      );
      expect(urls).toHaveLength(4);
      for (const url of urls)
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9999\//);
    });
  },
);

describe('the inhibit rules', () => {
  const inhibitRules = (variant: 'seed' | 'corrected') =>
    parse(fs.readFileSync(alertmanagerConfigFile(variant), 'utf8'))
      .inhibit_rules;
  const severitiesByAlert = () => {
    const out = new Map<string, Set<string>>();
    for (const group of parse(fs.readFileSync(festivalsRulesFile(), 'utf8'))
      .groups)
      for (const rule of group.rules)
        out.set(
          rule.alert,
          (out.get(rule.alert) ?? new Set()).add(rule.labels.severity),
        );
    return out;
  };

  it('the seed’s can never match: it needs a critical and a warning of one alert name, and none has both', () => {
    const [rule] = inhibitRules('seed');
    expect(rule).toEqual({
      source_match: { severity: 'critical' },
      target_match: { severity: 'warning' },
      equal: ['alertname', 'cluster', 'service'],
    });
    const both = [...severitiesByAlert()].filter(
      ([, severities]) =>
        severities.has('critical') && severities.has('warning'),
    );
    expect(both).toEqual([]);
  });

  it('the corrected one mutes warnings by a critical of the same namespace and service', () => {
    expect(inhibitRules('corrected')).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['namespace', 'service'],
      },
    ]);
    // Both severities exist among the rules, so it has something to do.
    const severities = new Set(
      [...severitiesByAlert().values()].flatMap(s => [...s]),
    );
    expect([...severities].sort()).toEqual(['critical', 'warning']);
  });

  it('the corrected file differs from the seed’s only in its inhibit rule', () => {
    const withoutInhibit = (variant: 'seed' | 'corrected') => {
      const { inhibit_rules: _, ...rest } = parse(
        fs.readFileSync(alertmanagerConfigFile(variant), 'utf8'),
      );
      return rest;
    };
    expect(withoutInhibit('corrected')).toEqual(withoutInhibit('seed'));
  });
});
