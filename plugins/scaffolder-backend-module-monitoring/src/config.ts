import type { Config } from '@backstage/config';
import type { ManifestSettings } from './generators/manifests';

/** The seed's operator selects ServiceMonitors and rules labelled `release: prometheus`. */
export const DEFAULT_SELECTOR_LABELS = { release: 'prometheus' };
export const DEFAULT_RUNBOOK_BASE_URL = 'https://runbooks.festivals.io';

function labels(config: Config, key: string): Record<string, string> {
  const c = config.getOptionalConfig(key);
  if (!c) return DEFAULT_SELECTOR_LABELS;
  return Object.fromEntries(c.keys().map(k => [k, c.getString(k)]));
}

/** Reads `monitoring.scaffolder` (validated at start: a bad value fails the backend, not a task). */
export function readManifestSettings(config: Config): ManifestSettings {
  const c = config.getOptionalConfig('monitoring.scaffolder');
  if (!c)
    return {
      serviceMonitorLabels: DEFAULT_SELECTOR_LABELS,
      prometheusRuleLabels: DEFAULT_SELECTOR_LABELS,
      runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
    };
  const runbookBaseUrl =
    c.getOptionalString('runbookBaseUrl') ?? DEFAULT_RUNBOOK_BASE_URL;
  if (!URL.canParse(runbookBaseUrl)) {
    throw new Error(
      `monitoring.scaffolder.runbookBaseUrl must be an absolute URL, got '${runbookBaseUrl}'`,
    );
  }
  return {
    serviceMonitorLabels: labels(c, 'serviceMonitorLabels'),
    prometheusRuleLabels: labels(c, 'prometheusRuleLabels'),
    runbookBaseUrl,
  };
}
