import { SEED_ALERTS, serviceSelectors } from './seedAlerts';
import { buildSloRuleGroups } from './slo';
import type { MonitoredService } from './spec';

/** Settings of the Prometheus installation the manifests are written for (module config). */
export interface ManifestSettings {
  /** Labels the operator's `serviceMonitorSelector` matches (the seed: `release: prometheus`). */
  serviceMonitorLabels: Record<string, string>;
  /** Labels the operator's `ruleSelector` matches (the seed: `release: prometheus`). */
  prometheusRuleLabels: Record<string, string>;
  /** Runbook base URL used when the service has none: `<base>/<namespace>/<name>`. */
  runbookBaseUrl: string;
}

/** The label the skeleton's Service and Deployment carry and the ServiceMonitor selects on. */
export const SELECTOR_LABEL = 'app.kubernetes.io/name';

export interface KubernetesManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertingRule[];
}

/** The seed's ServiceMonitor for one service: `port`, `path`, `interval`, `scrapeTimeout` as asked. */
export function buildServiceMonitor(
  service: MonitoredService,
  settings: ManifestSettings,
): KubernetesManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: {
        ...settings.serviceMonitorLabels,
        [SELECTOR_LABEL]: service.name,
      },
    },
    spec: {
      selector: { matchLabels: { [SELECTOR_LABEL]: service.name } },
      namespaceSelector: { matchNames: [service.namespace] },
      endpoints: [
        {
          port: service.metrics.portName,
          path: service.metrics.path,
          interval: service.metrics.interval,
          scrapeTimeout: service.metrics.scrapeTimeout,
        },
      ],
    },
  };
}

/** Where a rule's runbook section lives: `<runbook>#<alertname in lower case>`. */
export function runbookUrl(
  service: MonitoredService,
  settings: ManifestSettings,
  alert: string,
): string {
  const base =
    service.runbookUrl ||
    `${settings.runbookBaseUrl.replace(/\/+$/, '')}/${service.namespace}/${
      service.name
    }`;
  return `${base.replace(/#.*$/, '')}#${alert.toLowerCase()}`;
}

/** The enabled seed rule groups, scoped to the service, each rule with severity, routing labels and runbook. */
export function buildRuleGroups(
  service: MonitoredService,
  settings: ManifestSettings,
): RuleGroup[] {
  const selectors = serviceSelectors(service.namespace, service.name);
  const routingLabels = Object.fromEntries(
    Object.entries(service.routingLabels).filter(
      (e): e is [string, string] => !!e[1],
    ),
  );
  return service.alertGroups.map(group => ({
    name: `${service.name}.${group}`,
    rules: SEED_ALERTS.filter(a => a.group === group).map(a => ({
      alert: a.alert,
      expr: a.expr(selectors, service.thresholds),
      for: a.for,
      labels: {
        ...routingLabels,
        // Every alert carries the labels the entity is matched by, whatever its expression keeps.
        namespace: service.namespace,
        service: service.name,
        severity: service.severities[a.severity],
      },
      annotations: {
        summary: a.summary,
        description: a.description(service.thresholds),
        runbook_url: runbookUrl(service, settings, a.alert),
      },
    })),
  }));
}

export function buildPrometheusRule(
  service: MonitoredService,
  settings: ManifestSettings,
): KubernetesManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: {
        ...settings.prometheusRuleLabels,
        [SELECTOR_LABEL]: service.name,
      },
    },
    spec: {
      groups: [
        ...buildRuleGroups(service, settings),
        ...buildSloRuleGroups(service, settings),
      ],
    },
  };
}
