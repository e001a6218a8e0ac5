import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import type { JsonObject } from '@backstage/types';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { repoRoot } from '@internal/local-stack';
import semver from 'semver';
import { parse } from 'yaml';
import { createGenerateManifestsAction } from '../actions/generateManifests';

// The template's skeleton rendered by the scaffolder's own fetch:template, next to the manifests
// monitoring:manifests:generate writes, exactly as the template's first two steps do.
jest.setTimeout(120_000);

const templateDir = path.join(
  repoRoot(),
  'examples',
  'templates',
  'festivals-monitored-service',
);
const template = parse(
  fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
);

const values = {
  name: 'ticket-api',
  description: 'Sells "festival" tickets',
  owner: 'group:default/festivals-team',
  system: 'festivals',
  namespace: 'festivals-staging',
  metricsPort: 9464,
  metricsPath: '/internal/metrics',
  metricsPortName: 'metrics',
  prometheus: 'local',
  alertmanager: 'local',
  // What the template passes for a form with both objectives (the generate step gets the same).
  slo: {
    availability: { objectivePercent: 99.9, windowDays: 30 },
    latency: { objectivePercent: 95, thresholdSeconds: 0.25, windowDays: 30 },
  },
};

let workspace: string;
const config = mockServices.rootConfig();

/** The skeleton rendered by fetch:template with these values; the workspace path. */
async function renderSkeleton(with_: JsonObject) {
  const fetchTemplate = createFetchTemplateAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(config),
  });
  const ctx = {
    ...createMockActionContext({
      input: { url: './skeleton', values: with_ },
      templateInfo: {
        baseUrl: `file://${path.join(templateDir, 'template.yaml')}`,
        entityRef: 'template:default/festivals-monitored-service',
      },
    }),
    // fetch:template renders in a temporary directory first (the mock's returns nothing).
    createTemporaryDirectory: async () =>
      fs.mkdtempSync(path.join(os.tmpdir(), 'skeleton-')),
  };
  await fetchTemplate.handler(ctx);
  return ctx.workspacePath;
}

beforeAll(async () => {
  workspace = await renderSkeleton(values);
  await createGenerateManifestsAction({ config }).handler(
    createMockActionContext({
      workspacePath: workspace,
      input: {
        service: {
          name: values.name,
          namespace: values.namespace,
          metrics: {
            port: values.metricsPort,
            portName: values.metricsPortName,
            path: values.metricsPath,
          },
          // With objectives, so the SLO alerts' runbook links are checked too.
          slo: values.slo,
        },
      },
    }),
  );
});

const read = (file: string) =>
  parse(fs.readFileSync(path.join(workspace, file), 'utf8'));

describe('the festivals-monitored-service skeleton', () => {
  it('passes the values the template gives fetch:template, and nothing else', () => {
    const fetchStep = template.spec.steps.find(
      (s: { action: string }) => s.action === 'fetch:template',
    );
    expect(Object.keys(fetchStep.input.values).sort()).toEqual(
      Object.keys(values).sort(),
    );
  });

  it('has a catalog entry with the monitoring annotations the entity tabs read', () => {
    const entity = read('catalog-info.yaml');
    expect(entity.metadata).toEqual({
      name: 'ticket-api',
      description: 'Sells "festival" tickets',
      annotations: {
        'monitoring.festivals.io/job': 'ticket-api',
        'monitoring.festivals.io/namespace': 'festivals-staging',
        'monitoring.festivals.io/prometheus': 'local',
        'monitoring.festivals.io/alertmanager': 'local',
        'monitoring.festivals.io/slo-availability': '99.9% over 30d',
        'monitoring.festivals.io/slo-latency': '95% under 250ms over 30d',
      },
    });
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/festivals-team',
      system: 'festivals',
    });
  });

  it('writes each objective’s SLO annotation only when the form has it, thresholds in ms below 1 s, else in s', async () => {
    const annotationsWith = async (slo: JsonObject | undefined) => {
      const dir = await renderSkeleton({ ...values, slo });
      const { annotations } = parse(
        fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'),
      ).metadata;
      return Object.fromEntries(
        Object.entries(annotations).filter(([k]) => k.includes('/slo-')),
      );
    };
    const latency = (objectivePercent: number, thresholdSeconds: number) => ({
      latency: { objectivePercent, thresholdSeconds, windowDays: 7 },
    });
    expect(await annotationsWith(latency(99, 0.005))).toEqual({
      'monitoring.festivals.io/slo-latency': '99% under 5ms over 7d',
    });
    expect(await annotationsWith(latency(90.5, 1))).toEqual({
      'monitoring.festivals.io/slo-latency': '90.5% under 1s over 7d',
    });
    expect(await annotationsWith(latency(95, 2.5))).toEqual({
      'monitoring.festivals.io/slo-latency': '95% under 2.5s over 7d',
    });
    expect(await annotationsWith(latency(95, 10))).toEqual({
      'monitoring.festivals.io/slo-latency': '95% under 10s over 7d',
    });
    expect(
      await annotationsWith({
        availability: { objectivePercent: 99.95, windowDays: 28 },
      }),
    ).toEqual({
      'monitoring.festivals.io/slo-availability': '99.95% over 28d',
    });
    // An empty Objectives page: no objectives, no annotations.
    expect(await annotationsWith({})).toEqual({});
    expect(await annotationsWith(undefined)).toEqual({});
  });

  it('is scraped by the generated ServiceMonitor: selector, namespace, port and path match the Service and Deployment', () => {
    const monitor = read('monitoring/servicemonitor.yaml');
    const service = read('k8s/service.yaml');
    const deployment = read('k8s/deployment.yaml');

    // The ServiceMonitor selects the Service in its namespace.
    for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels))
      expect(service.metadata.labels[k]).toBe(v);
    expect(monitor.spec.namespaceSelector.matchNames).toContain(
      service.metadata.namespace,
    );
    // Its endpoint names a Service port, which targets the container's metrics port.
    const endpoint = monitor.spec.endpoints[0];
    const port = service.spec.ports.find(
      (p: { name: string }) => p.name === endpoint.port,
    );
    expect(port).toBeDefined();
    const container = deployment.spec.template.spec.containers[0];
    const containerPort = container.ports.find(
      (p: { name: string }) => p.name === port.targetPort,
    );
    expect(containerPort.containerPort).toBe(values.metricsPort);
    // The process serves metrics on that port and the endpoint's path.
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value: string }) => [
        e.name,
        e.value,
      ]),
    );
    expect(env.METRICS_PORT).toBe(String(values.metricsPort));
    expect(env.METRICS_PATH).toBe(endpoint.path);
    // The Service selects the Deployment's pods, whose names the resource rules match.
    for (const [k, v] of Object.entries(service.spec.selector))
      expect(deployment.spec.template.metadata.labels[k]).toBe(v);
    expect(deployment.metadata.name).toBe(values.name);
  });

  it('has a runbook section for every alert the PrometheusRule links to', () => {
    const rule = read('monitoring/prometheusrule.yaml');
    const runbook = fs.readFileSync(
      path.join(workspace, 'docs', 'runbook.md'),
      'utf8',
    );
    const anchors = [...runbook.matchAll(/^## (.+)$/gm)].map(m =>
      m[1].toLowerCase().replace(/\s+/g, '-'),
    );
    const alerts = rule.spec.groups.flatMap((g: { rules: any[] }) =>
      g.rules.filter(r => r.alert),
    );
    // The seed's twelve and the four SLO burn-rate alerts.
    expect(alerts).toHaveLength(16);
    for (const r of alerts)
      expect(anchors).toContain(r.annotations.runbook_url.split('#')[1]);
  });

  it('passes its own tests (node --test, Node 22 type stripping): metrics, JSON logs with every field, traces exported over OTLP', () => {
    const pkg = read('package.json');
    expect(pkg).toMatchObject({
      name: 'ticket-api',
      description: 'Sells "festival" tickets',
      type: 'module',
    });
    // Its dependencies are the versions this repository installs (what its tests run against).
    for (const [dep, range] of Object.entries(pkg.dependencies)) {
      const installed = JSON.parse(
        fs.readFileSync(
          path.join(repoRoot(), 'node_modules', dep, 'package.json'),
          'utf8',
        ),
      ).version;
      expect({
        dep,
        satisfied: semver.satisfies(installed, range as string),
      }).toEqual({
        dep,
        satisfied: true,
      });
    }
    // The rendered service resolves prom-client from this repository's dependencies.
    fs.symlinkSync(
      path.join(repoRoot(), 'node_modules'),
      path.join(workspace, 'node_modules'),
    );
    const run = spawnSync(
      process.execPath,
      [
        '--test',
        path.join('test', 'server.test.ts'),
        path.join('test', 'tracing.test.ts'),
      ],
      { cwd: workspace, encoding: 'utf8', timeout: 60_000 },
    );
    const output = `${run.stdout}${run.stderr}`;
    expect({ status: run.status, output }).toEqual({
      status: 0,
      output: expect.stringMatching(/# pass 7\n# fail 0/),
    });
  });
});
