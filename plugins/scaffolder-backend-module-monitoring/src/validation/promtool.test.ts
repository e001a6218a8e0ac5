import { requireBinaries } from '@internal/local-stack';
import { buildRuleGroups } from '../generators/manifests';
import { parseMonitoredService } from '../generators/spec';
import { checkRulesWithPromtool } from './promtool';

// Real work per test (promtool processes, the CRD schema validators compiled on first use, the
// Kubernetes client over HTTP): 5 s is too tight on a cold, loaded 2-core CI machine.
jest.setTimeout(60_000);

const settings = {
  serviceMonitorLabels: {},
  prometheusRuleLabels: {},
  runbookBaseUrl: 'https://runbooks.example.org',
};
const groups = buildRuleGroups(
  parseMonitoredService({ name: 'payments', namespace: 'shop' }),
  settings,
);

describe('promtool check rules (the real one, Debian package prometheus)', () => {
  beforeAll(() => requireBinaries(['promtool']));

  it('accepts the generated rule groups', async () => {
    const result = await checkRulesWithPromtool(groups, { name: 'payments' });
    expect(result.checked).toBe(true);
    expect(result.checked && result.output).toMatch(/SUCCESS: 12 rules found/);
  });

  it('rejects what promtool rejects, with its message', async () => {
    // Duplicate group names are valid YAML and PromQL; only promtool's rule-file checks catch them.
    const duplicated = [groups[0], { ...groups[1], name: groups[0].name }];
    await expect(
      checkRulesWithPromtool(duplicated, { name: 'payments' }),
    ).rejects.toThrow(
      /promtool check rules rejected the generated rules: .*groupname: "payments.availability" is repeated in the same file/s,
    );
  });

  it('reports a missing promtool instead of failing', async () => {
    const result = await checkRulesWithPromtool(groups, {
      binary: 'promtool-not-installed',
    });
    expect(result).toEqual({
      checked: false,
      reason: expect.stringContaining(
        'promtool-not-installed not found on PATH',
      ),
    });
  });
});
