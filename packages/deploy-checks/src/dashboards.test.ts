import fs from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import ts from 'typescript';
import { deployDir, readDeployFile } from './deployFiles';

const DASHBOARDS = {
  'festivals-overview.json': {
    uid: 'festivals-overview',
    title: 'Festivals Platform Overview',
    panels: [
      'Request Rate',
      'Error Rate',
      'Response Time (P95)',
      'Active Connections',
      'Tickets Sold Today',
      'Queue Depth',
    ],
  },
  'api-performance.json': {
    uid: 'api-performance',
    title: 'API Performance',
    panels: [
      'Requests by Endpoint',
      'Slowest Endpoints (P99)',
      'Error Rate by Endpoint',
    ],
  },
};
const FILES = Object.keys(DASHBOARDS) as Array<keyof typeof DASHBOARDS>;
const load = (file: string) => JSON.parse(readDeployFile(`grafana/${file}`));

/** PromQL parse errors (positions) of a query, by the official grammar. */
function parseErrors(query: string): number[] {
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter: node => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

/**
 * Type-checks each dashboard, as an object literal, against `Dashboard` from @grafana/schema
 * (Grafana's published dashboard model): wrong types, missing required fields and unknown keys
 * (excess property checks) are compile errors. Returns the diagnostics per file.
 */
function typeCheck(files: Record<string, unknown>): string[] {
  // Inside this package, so `@grafana/schema` resolves from its node_modules.
  const dir = fs.mkdtempSync(path.join(__dirname, '..', '.dashboard-types-'));
  try {
    const roots = Object.entries(files).map(([name, json], i) => {
      const file = path.join(dir, `d${i}.ts`);
      fs.writeFileSync(
        file,
        `// ${name}\nimport type { Dashboard } from '@grafana/schema';\n` +
          `export const dashboard: Dashboard = ${JSON.stringify(
            json,
            null,
            2,
          )};\n`,
      );
      return file;
    });
    const program = ts.createProgram(roots, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('deploy/grafana dashboards', () => {
  it('type-check against @grafana/schema’s Dashboard, and a wrong one does not', () => {
    const good = Object.fromEntries(FILES.map(f => [f, load(f)]));
    expect(typeCheck(good)).toEqual([]);

    const wrong = load(FILES[0]);
    wrong.templating.list[1].type = 'dropdown';
    wrong.panels[0].gridPos.width = 12;
    const errors = typeCheck({ wrong });
    expect(errors.join('\n')).toMatch(/'"dropdown"' is not assignable/);
    expect(errors.join('\n')).toMatch(
      /'"width"' does not exist in type 'GridPos'/,
    );
  }, 60_000);

  it.each(FILES)(
    '%s is the guide’s dashboard with the uid the product links to',
    file => {
      const dashboard = load(file);
      const expected = DASHBOARDS[file];
      expect(dashboard.uid).toBe(expected.uid);
      expect(dashboard.title).toBe(expected.title);
      expect(dashboard.panels.map((p: any) => p.title)).toEqual(
        expected.panels,
      );
      // The product's default dashboard UIDs (README, `monitoring.grafana.dashboards`).
      const readme = fs.readFileSync(
        path.join(deployDir(), '..', 'README.md'),
        'utf8',
      );
      expect(readme).toContain(
        `${file === 'api-performance.json' ? 'apiPerformance' : 'overview'}: ${
          expected.uid
        }`,
      );
    },
  );

  it.each(FILES)(
    '%s has the namespace and job variables that "Open in Grafana" fills (var-namespace, var-job)',
    file => {
      const vars = load(file).templating.list;
      expect(vars.map((v: any) => [v.name, v.type])).toEqual([
        ['datasource', 'datasource'],
        ['namespace', 'query'],
        ['job', 'query'],
      ]);
      const job = vars.find((v: any) => v.name === 'job');
      expect(job.query).toContain('namespace="$namespace"');
    },
  );

  it.each(FILES)(
    '%s scopes every query to $namespace and $job, and every query parses as PromQL',
    file => {
      const targets = load(file).panels.flatMap((p: any) => p.targets);
      expect(targets.length).toBeGreaterThan(0);
      for (const { expr } of targets) {
        const selectors: string[] = expr.match(/\{[^}]*\}/g) ?? [];
        expect(selectors.length).toBeGreaterThan(0);
        for (const selector of selectors) {
          expect(selector).toContain('namespace="$namespace",job="$job"');
        }
        // As Grafana sends it: the variables substituted.
        const query = expr
          .replace(/\$namespace/g, 'festivals-production')
          .replace(/\$job/g, 'festivals-api');
        expect({ query, errors: parseErrors(query) }).toEqual({
          query,
          errors: [],
        });
      }
      expect(parseErrors('sum(rate(x{job="a"}[5m])')).not.toEqual([]);
    },
  );
});
