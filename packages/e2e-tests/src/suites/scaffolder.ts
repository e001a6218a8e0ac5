import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@internal/local-stack';
import type { RunningProduct } from '@internal/test-kit';
import { parse } from 'yaml';
import { sharedProduct } from './context';

// The festivals-monitored-service template dry-run through the running backend's scaffolder API,
// as the template editor's preview does it: the real catalog, scaffolder and monitoring module.

const templateDir = path.join(
  repoRoot(),
  'examples',
  'templates',
  'festivals-monitored-service',
);

/** The template directory as the dry-run API takes it (what the template editor uploads). */
function directoryContents(dir: string, base = dir) {
  const out: Array<{ path: string; base64Content: string }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...directoryContents(full, base));
    else
      out.push({
        path: path.relative(base, full).split(path.sep).join('/'),
        base64Content: fs.readFileSync(full).toString('base64'),
      });
  }
  return out;
}

// What the form submits with its defaults (monitoring guide thresholds) for a new service.
const values = {
  name: 'ticket-api',
  description: 'Sells festival tickets',
  owner: 'group:default/festivals-team',
  system: 'system:default/festivals',
  namespace: 'festivals-production',
  metricsPort: 9100,
  metricsPath: '/metrics',
  scrapeInterval: '30s',
  scrapeTimeout: '10s',
  alertGroups: ['availability', 'resources', 'database', 'queue', 'business'],
  errorRatePercent: 5,
  latencyP95Seconds: 2,
  cpuPercent: 90,
  memoryPercent: 90,
  restartsPerHour: 3,
  dbPoolPercent: 80,
  slowQueryP95Seconds: 1,
  queueBacklog: 1000,
  paymentFailurePercent: 10,
  criticalSeverity: 'critical',
  warningSeverity: 'warning',
  team: 'ticketing',
  applyToCluster: true,
  verify: false,
  prometheus: 'local',
};

describe('festivals-monitored-service dry run through the backend', () => {
  let product: RunningProduct;
  let token: string;
  let template: unknown;

  beforeAll(async () => {
    product = sharedProduct();
    const auth = await fetch(`${product.backendUrl}/api/auth/guest/refresh`);
    if (!auth.ok) throw new Error(`guest sign-in: HTTP ${auth.status}`);
    token = (await auth.json()).backstageIdentity.token;
    // The template is registered in the example catalog.
    const res = await fetch(
      `${product.backendUrl}/api/catalog/entities/by-name/template/default/festivals-monitored-service`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok)
      throw new Error(
        `the template is not in the catalog: HTTP ${
          res.status
        } ${await res.text()}`,
      );
    template = await res.json();
  });

  const dryRun = (body: object) =>
    fetch(`${product.backendUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        template,
        directoryContents: directoryContents(templateDir),
        ...body,
      }),
    });

  it('succeeds and returns the service, its generated manifests and their YAML', async () => {
    const res = await dryRun({ values });
    const body = await res.json();
    expect({ status: res.status, error: body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const files: Record<string, string> = Object.fromEntries(
      body.directoryContents.map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'package.json',
        'src/server.ts',
        'k8s/deployment.yaml',
        'k8s/service.yaml',
        'docs/runbook.md',
        'monitoring/servicemonitor.yaml',
        'monitoring/prometheusrule.yaml',
      ]),
    );

    const monitor = parse(files['monitoring/servicemonitor.yaml']);
    expect(monitor.metadata).toMatchObject({
      name: 'ticket-api',
      namespace: 'festivals-production',
      labels: { release: 'prometheus' },
    });
    const rule = parse(files['monitoring/prometheusrule.yaml']);
    // The guide's five groups and twelve rules, each with a runbook link and the team label.
    expect(rule.spec.groups).toHaveLength(5);
    const rules = rule.spec.groups.flatMap((g: { rules: any[] }) => g.rules);
    expect(rules).toHaveLength(12);
    for (const r of rules) {
      expect(r.annotations.runbook_url).toMatch(/^https:\/\/.+#festivals/);
      expect(r.labels.team).toBe('ticketing');
    }

    const entity = parse(files['catalog-info.yaml']);
    expect(entity.metadata.annotations).toMatchObject({
      'monitoring.festivals.io/job': 'ticket-api',
      'monitoring.festivals.io/namespace': 'festivals-production',
    });

    // The preview shows the generated YAML.
    const text = Object.fromEntries(
      body.output.text.map((t: { title: string; content: string }) => [
        t.title,
        t.content,
      ]),
    );
    expect(text.ServiceMonitor).toContain(
      files['monitoring/servicemonitor.yaml'].trim(),
    );
    expect(text.PrometheusRule).toContain(
      files['monitoring/prometheusrule.yaml'].trim(),
    );
    // No cluster is configured locally: the apply step validated and said so.
    expect(text.Cluster).toMatch(
      /^No Kubernetes cluster is configured: 2 manifests validated locally/,
    );
  });

  it.each([
    ['namespace', 'Festivals_Prod', /does not match pattern/],
    ['scrapeInterval', '30 seconds', /does not match pattern/],
    ['cpuPercent', 120, /must be less than or equal to 100/],
  ])(
    'refuses %s = %j before running any step, naming the field',
    async (field, value, message) => {
      const res = await dryRun({ values: { ...values, [field]: value } });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(
        body.errors.map((e: { path: string[]; message: string }) => [
          e.path.join('.'),
          e.message,
        ]),
      ).toEqual([[field, expect.stringMatching(message)]]);
    },
  );
});
