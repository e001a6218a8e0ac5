import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PrometheusClient } from '@internal/plugin-monitoring-node';
import {
  startPrometheus,
  startWorkload,
  type RunningServer,
} from '@internal/local-stack';
import { closedPort, freePort } from '@internal/test-kit';
import { stringify } from 'yaml';
import { createVerifyPrometheusAction } from './actions/verifyPrometheus';
import { buildPrometheusRule } from './generators/manifests';
import { parseMonitoredService } from './generators/spec';

// A real Prometheus (Debian package) loads the generated PrometheusRule's groups (the rule file
// the operator would render from the CRD spec) and scrapes a workload exposing the guide's metrics.
jest.setTimeout(120_000);

const settings = {
  serviceMonitorLabels: {},
  prometheusRuleLabels: {},
  runbookBaseUrl: 'https://runbooks.example.org',
};
// A low error-rate threshold, so the workload's injected 5xx make HighErrorRate go pending.
const rule = buildPrometheusRule(
  parseMonitoredService({
    name: 'payments',
    namespace: 'shop',
    thresholds: { errorRatePercent: 1 },
  }),
  settings,
);
const groups = rule.spec.groups as Array<{ name: string; rules: unknown[] }>;

let prometheus: RunningServer;
let workload: { url: string; close(): Promise<void> };

async function prom(pathAndQuery: string) {
  const res = await fetch(`${prometheus.url}${pathAndQuery}`);
  const body = await res.json();
  expect(body.status).toBe('success');
  return body.data;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-rules-'));
  const ruleFile = path.join(dir, 'payments.rules.yaml');
  fs.writeFileSync(ruleFile, stringify({ groups: rule.spec.groups }));
  workload = await startWorkload({
    service: 'payments',
    role: 'api',
    port: await freePort(),
    errorRatio: 0.2,
  });
  prometheus = await startPrometheus({
    port: await freePort(),
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    ruleFiles: [ruleFile],
    targets: [
      // Target labels as the operator sets them from the ServiceMonitor.
      {
        job: 'payments',
        url: `${workload.url}/metrics`,
        labels: { namespace: 'shop', service: 'payments' },
      },
      {
        job: 'refunds',
        url: `http://127.0.0.1:${await closedPort()}/metrics`,
        labels: { namespace: 'shop', service: 'refunds' },
      },
    ],
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await workload?.close();
});

describe('generated rules in a real Prometheus', () => {
  it('loads every group and rule, all evaluated healthy', async () => {
    const loaded = await until('every rule evaluated', async () => {
      const data = await prom('/api/v1/rules');
      const all = data.groups.flatMap((g: any) => g.rules);
      return all.length === 12 &&
        all.every((r: any) => r.lastEvaluation > '2000')
        ? data.groups
        : undefined;
    });
    // The API lists groups by name.
    expect(loaded.map((g: any) => g.name)).toEqual(
      groups.map(g => g.name).sort(),
    );
    for (const g of loaded)
      for (const r of g.rules)
        expect({ rule: r.name, health: r.health, error: r.lastError }).toEqual({
          rule: r.name,
          health: 'ok',
          error: undefined,
        });
  });

  it('matches the service’s real series: HighErrorRate goes pending with the routing labels', async () => {
    const alert = await until('FestivalsHighErrorRate pending', async () => {
      const data = await prom('/api/v1/alerts');
      return data.alerts.find(
        (a: any) => a.labels.alertname === 'FestivalsHighErrorRate',
      );
    });
    expect(alert.state).toBe('pending');
    expect(alert.labels).toEqual({
      alertname: 'FestivalsHighErrorRate',
      namespace: 'shop',
      service: 'payments',
      severity: 'critical',
    });
    expect(alert.annotations.runbook_url).toBe(
      'https://runbooks.example.org/shop/payments#festivalshigherrorrate',
    );
  });
});

describe('monitoring:prometheus:verify against a real Prometheus', () => {
  const action = () =>
    createVerifyPrometheusAction({
      prometheus: PrometheusClient.create({
        config: mockServices.rootConfig({
          data: {
            monitoring: {
              prometheus: {
                instances: [{ name: 'test', baseUrl: prometheus.url }],
              },
            },
          },
        }),
      }),
    });
  const outputs = (ctx: { output: unknown }) =>
    Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );

  it('succeeds once the target is up and the groups are loaded', async () => {
    const ctx = createMockActionContext({
      input: {
        job: 'payments',
        namespace: 'shop',
        ruleGroups: groups.map(g => g.name),
        timeoutSeconds: 60,
        intervalSeconds: 0.5,
      },
    });
    await action().handler(ctx);
    expect(outputs(ctx)).toEqual({
      targetsUp: 1,
      ruleGroups: groups.map(g => g.name),
    });
  });

  it('says what is missing at the timeout: an unknown job and an absent group', async () => {
    const started = Date.now();
    await expect(
      action().handler(
        createMockActionContext({
          input: {
            job: 'tickets',
            namespace: 'shop',
            ruleGroups: ['payments.queue', 'tickets.availability'],
            timeoutSeconds: 2,
            intervalSeconds: 0.5,
          },
        }),
      ),
    ).rejects.toThrow(
      /^Prometheus 'test' \(http:\/\/127\.0\.0\.1:\d+\) after 2 s: no scrape target \{job="tickets",namespace="shop"\} .*; rule groups not loaded: tickets\.availability \(/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a target that is discovered but down, with the scrape error', async () => {
    await until('refunds scraped once', async () => {
      const data = await prom('/api/v1/targets?state=active');
      const t = data.activeTargets.find((x: any) => x.labels.job === 'refunds');
      return t?.health === 'down' ? t : undefined;
    });
    await expect(
      action().handler(
        createMockActionContext({
          input: { job: 'refunds', timeoutSeconds: 1, intervalSeconds: 0.5 },
        }),
      ),
    ).rejects.toThrow(
      /scrape target \{job="refunds"\} is not up: http:\/\/127\.0\.0\.1:\d+\/metrics down \(.*connection refused/,
    );
  });

  it('does not poll in a template dry run (nothing was applied)', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { job: 'tickets', ruleGroups: ['tickets.queue'] },
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(outputs(ctx)).toEqual({ targetsUp: 0, ruleGroups: [] });
  });

  it('names the instance when it is not configured', async () => {
    await expect(
      action().handler(
        createMockActionContext({
          input: { job: 'payments', prometheus: 'eu' },
        }),
      ),
    ).rejects.toThrow(
      "prometheus: no Prometheus instance named 'eu' in monitoring.prometheus.instances (configured: test)",
    );
  });
});
