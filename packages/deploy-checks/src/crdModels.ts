import fs from 'node:fs';
import path from 'node:path';
import type { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

const PACKAGE = '@kubernetes-models/prometheus-operator';

/**
 * The prometheus-operator CRD models, loaded by path as the scaffolder module does (the package is
 * ESM with an `import`-only exports map; jest maps its own bare imports, see package.json).
 */
export function crdModels(): {
  PrometheusRule: typeof PrometheusRule;
  ServiceMonitor: typeof ServiceMonitor;
} {
  const dir = (require.resolve.paths(PACKAGE) ?? [])
    .map(p => path.join(p, PACKAGE))
    .find(p => fs.existsSync(path.join(p, 'package.json')));
  if (!dir) throw new Error(`${PACKAGE} is not installed; run yarn install`);
  const v1 = path.join(dir, 'monitoring.coreos.com', 'v1');
  return {
    PrometheusRule: require(path.join(v1, 'PrometheusRule.js')).PrometheusRule,
    ServiceMonitor: require(path.join(v1, 'ServiceMonitor.js')).ServiceMonitor,
  };
}
