import type { AlertingRule, ManifestSettings } from './manifests';
import { runbookUrl } from './manifests';
import { promNumber, serviceSelectors } from './seedAlerts';
import type { MonitoredService } from './spec';

/**
 * Service level objectives as multi-window, multi-burn-rate alerts (Google SRE workbook,
 * "Alerting on SLOs", recommendation 6): recording rules for the error ratio of each window, and
 * two alerts, each firing only when a long and a short window both burn the error budget faster
 * than a factor: 1 h and 5 m at 14.4 (2 % of a 30-day budget in an hour: fast burn, critical),
 * 6 h and 30 m at 6 (5 % in six hours: slow burn, warning). The factors scale with the objective's
 * window so they always mean "2 % / 5 % of the budget".
 */

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface SloRuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}

const WINDOWS = ['5m', '30m', '1h', '6h'] as const;
type Window = (typeof WINDOWS)[number];

/** Burn-rate pairs: long window, short window, share of the budget it spends, severity. */
const BURN_RATES = [
  {
    alert: 'FastBurn',
    long: '1h',
    short: '5m',
    budgetShare: 0.02,
    hours: 1,
    severity: 'critical',
    for: '2m',
  },
  {
    alert: 'SlowBurn',
    long: '6h',
    short: '30m',
    budgetShare: 0.05,
    hours: 6,
    severity: 'warning',
    for: '15m',
  },
] as const satisfies ReadonlyArray<{
  alert: string;
  long: Window;
  short: Window;
  budgetShare: number;
  hours: number;
  severity: 'critical' | 'warning';
  for: string;
}>;

type Objective = {
  kind: 'availability' | 'latency';
  objectivePercent: number;
  windowDays: number;
  /** The bad-event ratio of a window (PromQL). */
  errorRatio: (window: Window) => string;
  describe: string;
};

function objectivesOf(service: MonitoredService): Objective[] {
  const { service: sel } = serviceSelectors(service.namespace, service.name);
  const sum = (metric: string, extra: string, w: Window) =>
    `sum by (namespace, service) (rate(${metric}{${sel}${extra}}[${w}]))`;
  const out: Objective[] = [];
  const { availability, latency } = service.slo;
  if (availability)
    out.push({
      kind: 'availability',
      ...availability,
      errorRatio: w =>
        `${sum('http_requests_total', ',status=~"5.."', w)}\n/ ${sum(
          'http_requests_total',
          '',
          w,
        )}`,
      describe: `${availability.objectivePercent}% of requests succeed (not 5xx)`,
    });
  if (latency)
    out.push({
      kind: 'latency',
      ...latency,
      errorRatio: w =>
        `1 - (\n  ${sum(
          'http_request_duration_seconds_bucket',
          `,le="${promNumber(latency.thresholdSeconds)}"`,
          w,
        )}\n  / ${sum('http_request_duration_seconds_count', '', w)}\n)`,
      describe: `${
        latency.objectivePercent
      }% of requests take under ${promNumber(latency.thresholdSeconds)} s`,
    });
  return out;
}

const capitalized = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The SLO rule groups of a service (none when it has no objectives). */
export function buildSloRuleGroups(
  service: MonitoredService,
  settings: ManifestSettings,
): SloRuleGroup[] {
  return objectivesOf(service).map(o => {
    const sloLabels = {
      namespace: service.namespace,
      service: service.name,
      slo: o.kind,
    };
    const record = (w: Window) => `slo:sli_error:ratio_rate${w}`;
    const selector = `{namespace="${service.namespace}",service="${service.name}",slo="${o.kind}"}`;
    const budget = 1 - o.objectivePercent / 100;
    const windowHours = o.windowDays * 24;
    return {
      name: `${service.name}.slo-${o.kind}`,
      rules: [
        ...WINDOWS.map(w => ({
          record: record(w),
          expr: o.errorRatio(w),
          labels: sloLabels,
        })),
        ...BURN_RATES.map(b => {
          const factor = (b.budgetShare * windowHours) / b.hours;
          const threshold = promNumber(factor * budget);
          const alert = `Festivals${capitalized(o.kind)}Slo${b.alert}`;
          return {
            alert,
            expr:
              `${record(b.long)}${selector} > ${threshold}\n` +
              `and ${record(b.short)}${selector} > ${threshold}`,
            for: b.for,
            labels: {
              ...Object.fromEntries(
                Object.entries(service.routingLabels).filter(
                  (e): e is [string, string] => !!e[1],
                ),
              ),
              namespace: service.namespace,
              service: service.name,
              slo: o.kind,
              severity: service.severities[b.severity],
            },
            annotations: {
              summary: `${capitalized(o.kind)} SLO error budget burning ${
                b.alert === 'FastBurn' ? 'fast' : 'steadily'
              }`,
              description: `Objective: ${o.describe} over ${
                o.windowDays
              } days. The last ${b.long} and ${
                b.short
              } both burn the error budget at more than ${promNumber(
                factor,
              )}x (${b.budgetShare * 100}% of it in ${b.long})`,
              runbook_url: runbookUrl(service, settings, alert),
            },
          };
        }),
      ],
    };
  });
}
