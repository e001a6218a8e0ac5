import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { alertmanagerConfig, festivalsRulesFile } from './processes.ts';

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

describe('the stack’s Alertmanager configuration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'am-config-'));
  const file = path.join(dir, 'alertmanager.yml');
  beforeAll(() =>
    fs.writeFileSync(file, alertmanagerConfig('http://127.0.0.1:9999')),
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
});
