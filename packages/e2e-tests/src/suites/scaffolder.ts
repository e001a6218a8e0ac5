import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@internal/local-stack';
import type { RunningProduct } from '@internal/test-kit';
import type { Browser, Locator, Page } from 'playwright-core';
import { parse } from 'yaml';
import { signIn } from '../browser';
import { sharedBrowser, sharedProduct } from './context';

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
  sloWindowDays: 30,
  publishTo: 'local',
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
    // The local stack's Kubernetes API stand-in validated both in a server dry run, storing nothing.
    expect(text.Cluster).toBe(
      [
        'ServiceMonitor festivals-production/ticket-api: created (dry run, nothing persisted)',
        'PrometheusRule festivals-production/ticket-api: created (dry run, nothing persisted)',
      ].join('\n'),
    );
    const stored = await fetch(
      `${
        product.stack.kubernetes!.url
      }/apis/monitoring.coreos.com/v1/namespaces/festivals-production/servicemonitors/ticket-api`,
    );
    expect(stored.status).toBe(404);
    // Nothing published either.
    const repo = await fetch(
      `${product.stack.repositories.url}/repos/ticket-api`,
    );
    expect(repo.status).toBe(404);
  });

  it('with an availability objective: the PrometheusRule output lists the SLO group, the catalog entry carries its annotation', async () => {
    const res = await dryRun({
      values: { ...values, availabilityObjectivePercent: 99.9 },
    });
    const body = await res.json();
    expect({ status: res.status, error: body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const file = (p: string) =>
      parse(
        Buffer.from(
          body.directoryContents.find((f: { path: string }) => f.path === p)
            .base64Content,
          'base64',
        ).toString('utf8'),
      );
    const groups = file('monitoring/prometheusrule.yaml').spec.groups.map(
      (g: { name: string }) => g.name,
    );
    expect(groups).toEqual([
      'ticket-api.availability',
      'ticket-api.resources',
      'ticket-api.database',
      'ticket-api.queue',
      'ticket-api.business',
      'ticket-api.slo-availability',
    ]);
    const text = Object.fromEntries(
      body.output.text.map((t: { title: string; content: string }) => [
        t.title,
        t.content,
      ]),
    );
    expect(text.PrometheusRule).toContain('(6 groups;');
    expect(text.PrometheusRule).toContain('name: ticket-api.slo-availability');
    expect(file('catalog-info.yaml').metadata.annotations).toMatchObject({
      'monitoring.festivals.io/slo-availability': '99.9% over 30d',
    });
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

// The whole path as a new user takes it on ./scripts/run: the form with a name, an owner and an
// availability objective, Create, the output link, and the new entity's own tabs — apply to the
// Kubernetes API stand-in, the local stack's operator stand-in (scrape config, rule file, reload,
// a workload for the new service), publish to the local repository host and catalog:register,
// all for real.
describe('festivals-monitored-service from the form to a live entity, in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;
  // Unique per run: the repository host refuses a name twice.
  const name = `e2e-svc-${Date.now().toString(36)}`;

  beforeAll(() => {
    product = sharedProduct();
    browser = sharedBrowser();
  });

  const guestToken = async () => {
    const auth = await fetch(`${product.backendUrl}/api/auth/guest/refresh`);
    return (await auth.json()).backstageIdentity.token as string;
  };

  /** Reloads `page` until `locator` shows (the catalog and Prometheus catch up within minutes). */
  async function untilVisible(
    page: Page,
    locator: Locator,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await locator.isVisible().catch(() => false)) return;
      try {
        await locator.waitFor({ timeout: 15_000 });
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      await page.reload();
    }
  }

  it('creates a service with the defaults and an availability objective, links to it, and its Metrics and Alerts tabs show its own data and SLO rules', async () => {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1100 },
    });
    await page.goto(
      `${product.appUrl}/create/templates/default/festivals-monitored-service`,
    );
    await signIn(page);

    // Service page: only the name and the owner.
    const nameField = page.locator('input#root_name');
    await nameField.waitFor({ timeout: 60_000 });
    await nameField.fill(name);
    const owner = page.locator('input#root_owner');
    await owner.click();
    await owner.fill('festivals-team');
    await page
      .getByRole('option', { name: /festivals-team/ })
      .first()
      .click({ timeout: 30_000 });
    // Metrics and Alerts pages keep their defaults.
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Next' }).click();
    }
    // Objectives: an availability objective (the SLO rules and the catalog annotation).
    await page.getByRole('button', { name: 'Next' }).click();
    const availability = page.locator(
      'input#root_availabilityObjectivePercent',
    );
    await availability.fill('99.9');
    // Repository and Deploy pages keep their defaults (the local repository host).
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await page.getByRole('button', { name: 'Review' }).click();
    // Review names the objective and where the service goes.
    await page
      .getByRole('cell', { name: 'Availability objective (%, optional)' })
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('cell', { name: 'The local repository host (./scripts/run)' })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Create' }).click();

    // The task runs every step; its output links to the new entity.
    const link = page.getByRole('link', {
      name: 'Open the new service in the catalog',
    });
    await link.waitFor({ timeout: 180_000 });
    await link.click();
    await page.waitForURL(`**/catalog/default/component/${name}**`);
    await untilVisible(
      page,
      page.getByRole('tab', { name: 'Metrics' }),
      120_000,
    );

    // The operator stand-in scrapes the new service under its own job.
    await page.getByRole('tab', { name: 'Metrics' }).click();
    const line = page
      .locator(
        '[data-testid="panel-chart-request-rate"] path.recharts-line-curve',
      )
      .first();
    await untilVisible(page, line, 240_000);
    const latest = await page
      .getByRole('list', { name: 'Request Rate latest values' })
      .innerText();
    const rate = new RegExp(`${name}: ([\\d.]+) req/s`).exec(latest);
    expect(Number(rate?.[1])).toBeGreaterThan(0);

    // Its generated rules are loaded and watch it: listed on its Alerts tab.
    await page.getByRole('tab', { name: 'Alerts' }).click();
    const showInactive = page.getByRole('button', {
      name: /^Show \d+ inactive rules?$/,
    });
    await untilVisible(page, showInactive, 120_000);
    await showInactive.click();
    await page
      .getByTestId('rule-state-FestivalsAPIDown')
      .waitFor({ timeout: 30_000 });
    await page
      .getByTestId('rule-state-FestivalsHighErrorRate')
      .waitFor({ timeout: 30_000 });
    // They are the generated PrometheusRule's groups, loaded by the real Prometheus.
    const rules = await (
      await fetch(`${product.stack.prometheus.url}/api/v1/rules`)
    ).json();
    expect(
      rules.data.groups
        .map((g: { name: string }) => g.name)
        .filter((g: string) => g.startsWith(`${name}.`))
        .sort(),
    ).toEqual(
      [
        'availability',
        'business',
        'database',
        'queue',
        'resources',
        'slo-availability',
      ].map(g => `${name}.${g}`),
    );
    // The registered entity carries the objective for the Metrics tab's error budget.
    const entity = await (
      await fetch(
        `${product.backendUrl}/api/catalog/entities/by-name/component/default/${name}`,
        { headers: { Authorization: `Bearer ${await guestToken()}` } },
      )
    ).json();
    expect(
      entity.metadata.annotations['monitoring.festivals.io/slo-availability'],
    ).toBe('99.9% over 30d');
    await page.close();
  });
});
