import fs from 'node:fs';
import path from 'node:path';
import type { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

const PACKAGE = '@kubernetes-models/prometheus-operator';

export interface CrdModels {
  PrometheusRule: typeof PrometheusRule;
  ServiceMonitor: typeof ServiceMonitor;
}

let models: CrdModels | undefined;

/**
 * The prometheus-operator CRD models. The package is ESM with an `import`-only exports map, which
 * `require` cannot resolve by name; its files are loaded by path instead (Node 22 loads ESM with
 * `require`; the tests' Jest maps the package's own bare imports to its files, see package.json
 * `jest.moduleNameMapper`, with its own jest `id`: backstage-cli shares one module cache between
 * projects of the same id, and in a whole-repo run another project's resolution would win).
 */
export function crdModels(): CrdModels {
  if (!models) {
    const dir = (require.resolve.paths(PACKAGE) ?? [])
      .map(p => path.join(p, PACKAGE))
      .find(p => fs.existsSync(path.join(p, 'package.json')));
    if (!dir) {
      throw new Error(`${PACKAGE} is not installed; run yarn install`);
    }
    const v1 = path.join(dir, 'monitoring.coreos.com', 'v1');
    models = {
      PrometheusRule: require(path.join(v1, 'PrometheusRule.js'))
        .PrometheusRule,
      ServiceMonitor: require(path.join(v1, 'ServiceMonitor.js'))
        .ServiceMonitor,
    };
  }
  return models;
}
