import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import fs from 'node:fs';
import path from 'node:path';
import { buildDiagnosticLogQuery, isOomLine } from './diagnosticLogql';
import { monitoringPermissions } from './permissions';
import { RUNBOOKS, runbookFor } from './runbooks';
import {
  DIAGNOSTIC_KINDS,
  DIAGNOSTIC_STEPS,
  renderRunbookCommand,
} from './runbookSteps';

// The guide itself, as the repository ships it: the runbooks must follow it, not a copy of it.
const guide = fs.readFileSync(
  path.resolve(__dirname, '../../../docs/monitoring-guide.md'),
  'utf8',
);

/** `alert`, group and severity of every rule in the guide's "Alert Rules". */
function guideAlerts() {
  const rules: Array<{ alert: string; group: string; severity: string }> = [];
  let group = '';
  let current: { alert: string; group: string; severity: string } | undefined;
  for (const line of guide.split('\n')) {
    const g = /^\s+- name: festivals\.(\w+)/.exec(line);
    if (g) group = g[1];
    const a = /^\s+- alert: (\w+)/.exec(line);
    if (a) {
      current = { alert: a[1], group, severity: '' };
      rules.push(current);
    }
    const s = /^\s+severity: (\w+)/.exec(line);
    if (s && current) current.severity = s[1];
  }
  return rules;
}

/** Commands of the guide's "Runbook Commands" code blocks, comments dropped. */
function guideCommands(): string[] {
  const section = guide.slice(guide.indexOf('## Runbook Commands'));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)]
    .flatMap(m => m[1].split('\n'))
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
}

function errorsOf(parser: typeof promqlParser, query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: n => {
      if (n.type.isError) errors.push(`at ${n.from}: ${query.slice(n.from)}`);
    },
  });
  return errors;
}

describe('runbooks', () => {
  it('has one runbook per alert of the guide, in its group and with its severity', () => {
    const alerts = guideAlerts();
    expect(alerts).toHaveLength(12);
    expect(RUNBOOKS.map(r => r.alert)).toEqual(alerts.map(a => a.alert));
    for (const a of alerts) {
      expect(runbookFor(a.alert)).toMatchObject({
        group: a.group,
        severity: a.severity,
      });
    }
    expect(runbookFor('NotAnAlert')).toBeUndefined();
  });

  it('gives every runbook its meaning, first checks, mitigation, escalation and steps', () => {
    for (const r of RUNBOOKS) {
      expect(guide).toContain(`summary: "${r.title}"`);
      expect(r.meaning.length).toBeGreaterThan(20);
      expect(r.checkFirst.length).toBeGreaterThan(0);
      expect(r.mitigate.length).toBeGreaterThan(0);
      expect(r.escalate.length).toBeGreaterThan(20);
      expect(r.steps.length).toBeGreaterThan(0);
      for (const step of r.steps) expect(DIAGNOSTIC_KINDS).toContain(step.kind);
    }
    // Every step of the guide serves some alert.
    const used = new Set(RUNBOOKS.flatMap(r => r.steps.map(s => s.kind)));
    expect([...used].sort()).toEqual([...DIAGNOSTIC_KINDS].sort());
  });

  it("ties the guide's Common Issues to the alerts they name", () => {
    const kinds = (alert: string) => runbookFor(alert)!.steps.map(s => s.kind);
    expect(kinds('FestivalsHighMemory')).toContain('oomLogs');
    expect(kinds('FestivalsHighLatency')).toContain('dbConnections');
    expect(kinds('FestivalsQueueStuck')).toContain('workerLogs');
  });
});

describe('renderRunbookCommand', () => {
  it("renders each kubectl step exactly as the guide writes it for the guide's own values", () => {
    const commands = guideCommands();
    const values = {
      namespace: 'festivals-production',
      deployment: 'prod-festivals-api',
    };
    for (const kind of ['pods', 'podResources', 'events', 'hpa'] as const) {
      expect(commands).toContain(
        renderRunbookCommand(DIAGNOSTIC_STEPS[kind].command, values),
      );
    }
    expect(commands).toContain(
      renderRunbookCommand(DIAGNOSTIC_STEPS.oomLogs.command, values),
    );
    expect(commands).toContain(
      renderRunbookCommand(DIAGNOSTIC_STEPS.workerLogs.command, {
        ...values,
        deployment: 'prod-festivals-worker',
      }),
    );
    for (const line of renderRunbookCommand(
      DIAGNOSTIC_STEPS.targets.command,
      values,
    ).split('\n'))
      expect(guide).toContain(line);
  });

  it('never execs into a container', () => {
    for (const step of Object.values(DIAGNOSTIC_STEPS))
      expect(step.command).not.toMatch(/\bexec\b/);
    expect(guideCommands().some(c => c.includes('kubectl exec'))).toBe(true);
  });

  it("fills in the entity's namespace and deployment", () => {
    expect(
      renderRunbookCommand(DIAGNOSTIC_STEPS.oomLogs.command, {
        namespace: 'shop',
        deployment: 'cart.v2',
      }),
    ).toBe(
      'kubectl logs deployment/cart.v2 -n shop --tail=100 | grep -i "memory\\|oom"',
    );
    expect(
      renderRunbookCommand('kubectl describe pod {pod} -n {namespace}', {
        namespace: 'shop',
        pod: 'cart-7d9f-abcde',
      }),
    ).toBe('kubectl describe pod cart-7d9f-abcde -n shop');
  });

  it('renders the DB connections step as a valid, escaped PromQL query', () => {
    const query = renderRunbookCommand(DIAGNOSTIC_STEPS.dbConnections.command, {
      namespace: 'festivals-production',
      job: 'weird"job\\',
    });
    expect(errorsOf(promqlParser, query)).toEqual([]);
    expect(query).toContain('job="weird\\"job\\\\"');
    expect(query).toMatch(
      /^db_connections_active\{.*\} \/ db_connections_total\{/,
    );
  });

  it.each([
    [
      { namespace: 'Festivals', deployment: 'ok' },
      /namespace 'Festivals' is not a valid/,
    ],
    [
      { namespace: 'a;rm -rf /', deployment: 'ok' },
      /namespace 'a;rm -rf \/' is not a valid/,
    ],
    [{ namespace: 'x'.repeat(64), deployment: 'ok' }, /RFC 1123 label/],
    [{ namespace: 'ok', deployment: '$(id)' }, /deployment '\$\(id\)'/],
    [{ namespace: 'ok', deployment: 'a..b' }, /RFC 1123 subdomain/],
    [{ namespace: 'ok', deployment: '-a' }, /deployment '-a'/],
    [{ deployment: 'ok' }, /needs a namespace/],
    [{ namespace: 'ok' }, /needs a deployment/],
  ])('refuses %j', (values, message) => {
    expect(() =>
      renderRunbookCommand(DIAGNOSTIC_STEPS.oomLogs.command, values),
    ).toThrow(message);
  });

  it('refuses a job with control characters', () => {
    expect(() =>
      renderRunbookCommand(DIAGNOSTIC_STEPS.dbConnections.command, {
        namespace: 'ok',
        job: 'a\nb',
      }),
    ).toThrow(/job/);
  });
});

describe('diagnostic log queries', () => {
  const selector = [
    { name: 'namespace', op: '=' as const, value: 'festivals-production' },
    { name: 'app', op: '=' as const, value: 'festivals-api' },
  ];

  it("builds the guide's grep as a valid case-insensitive line filter", () => {
    const query = buildDiagnosticLogQuery(selector, 'oomLogs');
    expect(query).toBe(
      '{namespace="festivals-production",app="festivals-api"} |~ "(?i)memory|oom"',
    );
    expect(errorsOf(logqlParser as never, query)).toEqual([]);
    expect(buildDiagnosticLogQuery(selector, 'workerLogs')).toBe(
      '{namespace="festivals-production",app="festivals-api"}',
    );
    expect(() => buildDiagnosticLogQuery([], 'oomLogs')).toThrow(/non-empty/);
  });

  it('matches lines as grep -i "memory\\|oom" does', () => {
    expect(isOomLine('FATAL: JavaScript heap out of Memory')).toBe(true);
    expect(isOomLine('container OOMKilled')).toBe(true);
    expect(isOomLine('GET /festivals 200')).toBe(false);
  });
});

describe('monitoring.diagnostics.read', () => {
  it('is a catalog-entity read permission the backend registers', () => {
    const permission = monitoringPermissions.find(
      p => p.name === 'monitoring.diagnostics.read',
    );
    expect(permission).toMatchObject({
      type: 'resource',
      resourceType: 'catalog-entity',
      attributes: { action: 'read' },
    });
  });
});
