import fs from 'node:fs';
import path from 'node:path';
import { festivalsRulesFile } from '@internal/local-stack';
import { parse, stringify } from 'yaml';

export interface FastRulesOptions {
  /** Directory the variant is written to (e.g. the test's temp dir). */
  dir: string;
  /** Every rule's `for` (default 2s). */
  for?: string;
  /** Replaces every range window (`[5m]`, `[10m]`, `[1h]`) of every expression (default 20s). */
  window?: string;
  /**
   * Only these services' alerts: every selector also requires one of these `service` labels
   * (the resource rules' pod series through their `kube_pod_labels` join: its app label).
   * So a test product can make one workload alert within seconds while chance spikes over the
   * short windows (or a slow scrape on a busy machine) cannot fire alerts for the others.
   */
  services?: string[];
  /** Only these alerts' rules (default: every rule of the seed). */
  alerts?: string[];
}

/**
 * The stack's seed rules with short `for` durations and range windows, written to `dir`, so a
 * real alert (e.g. FestivalsHighErrorRate from a workload with a raised error ratio) fires within
 * seconds instead of minutes. Thresholds, labels and annotations are unchanged.
 * Pass the result as `startStack({ ruleFiles: [file] })`.
 */
export function fastFestivalsRulesFile(options: FastRulesOptions): string {
  const forDuration = options.for ?? '2s';
  const window = options.window ?? '20s';
  // RE2 metacharacters escaped, inside a PromQL string (hence the doubled backslash).
  const servicesRegex = options.services
    ?.map(service => service.replace(/[\\.+*?()|[\]{}^$]/g, '\\\\$&'))
    .join('|');
  /** The matcher that scopes one selector to the services, by what its metric carries. */
  const scopeMatcher = (metric: string): string => {
    if (servicesRegex === undefined) return '';
    // The pod → service join: its app label is the service.
    if (metric === 'kube_pod_labels')
      return `label_app_kubernetes_io_name=~"${servicesRegex}",`;
    // cAdvisor / kube-state-metrics series name pods, not services: scoped through the join.
    if (/^(container_|kube_pod_container_)/.test(metric)) return '';
    return `service=~"${servicesRegex}",`;
  };
  const doc = parse(fs.readFileSync(festivalsRulesFile(), 'utf8'));
  if (options.alerts) {
    const keep = new Set(options.alerts);
    for (const group of doc.groups)
      group.rules = group.rules.filter((r: { alert: string }) =>
        keep.has(r.alert),
      );
    // Prometheus loads empty groups, but a file of only what was asked for reads better.
    doc.groups = doc.groups.filter(
      (g: { rules: unknown[] }) => g.rules.length > 0,
    );
  }
  for (const group of doc.groups) {
    for (const rule of group.rules) {
      rule.for = forDuration;
      rule.expr = String(rule.expr)
        .replace(/\[\d+[smhd]\]/g, `[${window}]`)
        // Every selector of the seed's rules has matchers: `metric{name...` opens one.
        .replace(
          /([a-zA-Z_:][a-zA-Z0-9_:]*)\{(?=[a-zA-Z_])/g,
          (_, metric: string) => `${metric}{${scopeMatcher(metric)}`,
        );
    }
  }
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, 'festivals-rules-fast.yml');
  fs.writeFileSync(file, stringify(doc));
  return file;
}
