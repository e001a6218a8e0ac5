import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse, parseAllDocuments } from 'yaml';
import { createGenerateManifestsAction } from './generateManifests';

// Real work per test (promtool processes, the CRD schema validators compiled on first use, the
// Kubernetes client over HTTP): 5 s is too tight on a cold, loaded 2-core CI machine.
jest.setTimeout(60_000);

const config = mockServices.rootConfig({
  data: {
    monitoring: {
      scaffolder: {
        serviceMonitorLabels: { release: 'kube-prom' },
        prometheusRuleLabels: { role: 'alert-rules' },
        runbookBaseUrl: 'https://runbooks.example.org',
      },
    },
  },
});

const action = createGenerateManifestsAction({ config });
type ActionInput = Parameters<typeof action.handler>[0]['input'];
const contextFor = (input: ActionInput) => createMockActionContext({ input });

describe('monitoring:manifests:generate', () => {
  it('writes both manifests with the configured operator labels and outputs their YAML', async () => {
    const ctx = contextFor({
      service: {
        name: 'payments',
        namespace: 'shop',
        metrics: {
          port: 9200,
          path: '/internal/metrics',
          interval: '15s',
          scrapeTimeout: '5s',
        },
        alertGroups: ['availability', 'business'],
      },
    });
    await action.handler(ctx);

    const dir = path.join(ctx.workspacePath, 'monitoring');
    expect(fs.readdirSync(dir).sort()).toEqual([
      'prometheusrule.yaml',
      'servicemonitor.yaml',
    ]);
    const monitor = parse(
      fs.readFileSync(path.join(dir, 'servicemonitor.yaml'), 'utf8'),
    );
    const rule = parse(
      fs.readFileSync(path.join(dir, 'prometheusrule.yaml'), 'utf8'),
    );
    expect(monitor.metadata.labels.release).toBe('kube-prom');
    expect(monitor.spec.endpoints).toEqual([
      {
        port: 'metrics',
        path: '/internal/metrics',
        interval: '15s',
        scrapeTimeout: '5s',
      },
    ]);
    expect(rule.metadata.labels.role).toBe('alert-rules');
    // availability has 3 seed rules, business 2.
    expect(rule.spec.groups.map((g: any) => [g.name, g.rules.length])).toEqual([
      ['payments.availability', 3],
      ['payments.business', 2],
    ]);

    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    expect(outputs.files).toEqual([
      'monitoring/servicemonitor.yaml',
      'monitoring/prometheusrule.yaml',
    ]);
    expect(outputs.ruleGroups).toEqual([
      'payments.availability',
      'payments.business',
    ]);
    expect(parse(outputs.serviceMonitorYaml)).toEqual(monitor);
    expect(parse(outputs.prometheusRuleYaml)).toEqual(rule);
    expect(parseAllDocuments(outputs.manifestsYaml).map(d => d.toJS())).toEqual(
      [monitor, rule],
    );
    expect(outputs.promtool).toMatch(/SUCCESS: 5 rules found/);
  });

  it('refuses bad input naming the field, before writing anything', async () => {
    const ctx = contextFor({
      service: {
        name: 'payments',
        namespace: 'shop',
        thresholds: { memoryPercent: 150 },
      },
      targetPath: 'out',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Invalid input to monitoring:manifests:generate: service\.thresholds\.memoryPercent: Number must be less than or equal to 100/,
    );
    expect(fs.existsSync(path.join(ctx.workspacePath, 'out'))).toBe(false);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a target path outside the workspace', async () => {
    const ctx = contextFor({
      service: { name: 'payments', namespace: 'shop' },
      targetPath: '../elsewhere',
    });
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });

  it('declares a JSON schema with the seed defaults for the form and the task validator', () => {
    const schema = action.schema?.input as any;
    const service = schema.properties.service;
    expect(service.required).toEqual(['name', 'namespace']);
    expect(
      service.properties.thresholds.properties.errorRatePercent,
    ).toMatchObject({
      minimum: 0,
      maximum: 100,
      default: 5,
    });
    expect(service.properties.metrics.properties.interval.default).toBe('30s');
  });
});
