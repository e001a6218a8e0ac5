import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { crdModels } from './crdModels';
import { deployDir, readDeployYaml } from './deployFiles';

describe('deploy/prometheus', () => {
  const manifest = readDeployYaml('prometheus/festivals-prometheusrule.yaml');
  const ruleFile = readDeployYaml('prometheus/festivals-rules.yml');
  const serviceMonitor = readDeployYaml(
    'prometheus/servicemonitor-festivals-api.yaml',
  );
  const values = readDeployYaml('kube-prometheus-stack/values.yaml');

  it('the PrometheusRule holds exactly the groups of the rule file the stack loads and promtool tests', () => {
    expect(ruleFile.groups.length).toBe(5);
    expect(manifest.spec.groups).toEqual(ruleFile.groups);
  });

  it('the PrometheusRule validates against the prometheus-operator CRD schema', () => {
    const { PrometheusRule } = crdModels();
    expect(() => new PrometheusRule(manifest).validate()).not.toThrow();
    // The schema check can fail: a rule without `expr` is rejected.
    const broken = structuredClone(manifest);
    delete broken.spec.groups[0].rules[0].expr;
    expect(() => new PrometheusRule(broken).validate()).toThrow();
  });

  it('the PrometheusRule’s groups pass promtool check rules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-rules-'));
    try {
      const file = path.join(dir, 'groups.yml');
      fs.writeFileSync(file, stringify({ groups: manifest.spec.groups }));
      const out = execFileSync('promtool', ['check', 'rules', file], {
        encoding: 'utf8',
      });
      expect(out).toMatch(/SUCCESS: 12 rules found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the rule file passes its promtool unit tests', () => {
    const out = execFileSync(
      'promtool',
      ['test', 'rules', 'festivals-rules.test.yml'],
      { cwd: path.join(deployDir(), 'prometheus'), encoding: 'utf8' },
    );
    expect(out).toMatch(/SUCCESS/);
  });

  it('the ServiceMonitor validates against the CRD schema and is the guide’s', () => {
    const { ServiceMonitor } = crdModels();
    expect(() => new ServiceMonitor(serviceMonitor).validate()).not.toThrow();
    expect(serviceMonitor.metadata).toEqual({
      name: 'festivals-api',
      namespace: 'festivals-production',
      labels: { release: 'prometheus' },
    });
    expect(serviceMonitor.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'festivals',
      'app.kubernetes.io/component': 'api',
    });
    expect(serviceMonitor.spec.endpoints).toEqual([
      {
        port: 'metrics',
        interval: '30s',
        path: '/metrics',
        scrapeTimeout: '10s',
      },
    ]);
  });

  it('kube-prometheus-stack’s Prometheus selects the ServiceMonitor and the PrometheusRule by their labels', () => {
    const spec = values.prometheus.prometheusSpec;
    const selects = (selector: any, labels: Record<string, string>) =>
      Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v);
    expect(Object.keys(spec.serviceMonitorSelector.matchLabels)).not.toEqual(
      [],
    );
    expect(
      selects(spec.serviceMonitorSelector, serviceMonitor.metadata.labels),
    ).toBe(true);
    expect(Object.keys(spec.ruleSelector.matchLabels)).not.toEqual([]);
    expect(selects(spec.ruleSelector, manifest.metadata.labels)).toBe(true);
  });
});
