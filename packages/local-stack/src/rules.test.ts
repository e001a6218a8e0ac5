import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { rulesDir } from './paths.ts';
import { festivalsRulesFile } from './processes.ts';

// promtool's own rule unit tests (deploy/prometheus/festivals-rules.test.yml) for the seed's rules.
function promtoolTest(dir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(
      'promtool',
      ['test', 'rules', 'festivals-rules.test.yml'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { ok: true, output };
  } catch (e) {
    const error = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${error.stdout}${error.stderr}` };
  }
}

const testFile = path.join(rulesDir(), 'festivals-rules.test.yml');

describe('promtool test rules', () => {
  it('passes for every seed rule as adapted in the stack', () => {
    const result = promtoolTest(rulesDir());
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  it('covers all twelve rules, each with a firing and a quiet expectation', () => {
    const rules: string[] = parse(
      fs.readFileSync(festivalsRulesFile(), 'utf8'),
    ).groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    const tests = parse(fs.readFileSync(testFile, 'utf8')).tests.flatMap(
      (t: any) => t.alert_rule_test,
    );
    for (const alert of rules) {
      const cases = tests.filter((c: any) => c.alertname === alert);
      expect([alert, cases.some((c: any) => c.exp_alerts.length > 0)]).toEqual([
        alert,
        true,
      ]);
      expect([
        alert,
        cases.some((c: any) => c.exp_alerts.length === 0),
      ]).toEqual([alert, true]);
    }
  });

  it('fails when a rule’s threshold is changed, so the tests can catch a broken rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-mutant-'));
    try {
      const rules = fs
        .readFileSync(festivalsRulesFile(), 'utf8')
        .replace('[5m])) > 0.05', '[5m])) > 0.5');
      expect(rules).toContain('> 0.5');
      fs.writeFileSync(path.join(dir, 'festivals-rules.yml'), rules);
      fs.copyFileSync(testFile, path.join(dir, 'festivals-rules.test.yml'));
      const result = promtoolTest(dir);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/FestivalsHighErrorRate/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
