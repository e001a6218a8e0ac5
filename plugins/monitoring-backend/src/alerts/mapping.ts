import {
  MonitoringAlert,
  MonitoringAlertRule,
  MonitoringSilence,
  SilenceMatcher,
} from '@internal/plugin-monitoring-common';
import {
  AlertmanagerAlert,
  AlertmanagerSilence,
  PrometheusRuleGroup,
} from '@internal/plugin-monitoring-node';
import { expressionWatches } from './ruleScope';

/**
 * Only absolute http(s) links reach the browser: a rule's `runbook_url` or a Prometheus'
 * `generatorURL` is text anyone with rule access writes, and a `javascript:` one must not become
 * a clickable link (nor break the table).
 */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];

function severityRank(severity?: string): number {
  const i = SEVERITY_ORDER.indexOf(severity ?? '');
  return i === -1 ? SEVERITY_ORDER.length : i;
}

/** Alertmanager's alert → the tab's DTO; most severe first, then oldest first. */
export function toMonitoringAlerts(
  alerts: AlertmanagerAlert[],
): MonitoringAlert[] {
  return alerts
    .map(a => ({
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname ?? '(no alertname)',
      severity: a.labels.severity,
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt: a.startsAt,
      updatedAt: a.updatedAt,
      endsAt: a.endsAt,
      state: a.status.state,
      silencedBy: a.status.silencedBy ?? [],
      inhibitedBy: a.status.inhibitedBy ?? [],
      receivers: (a.receivers ?? []).map(r => r.name),
      generatorURL: safeLink(a.generatorURL),
      runbookUrl: safeLink(a.annotations?.runbook_url),
    }))
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        a.startsAt.localeCompare(b.startsAt),
    );
}

/** Normalizes Alertmanager's matcher (isEqual absent = true, pre-0.22 silences). */
export function toSilenceMatchers(
  matchers: AlertmanagerSilence['matchers'],
): SilenceMatcher[] {
  return matchers.map(m => ({
    name: m.name,
    value: m.value,
    isRegex: m.isRegex,
    isEqual: m.isEqual ?? true,
  }));
}

const SILENCE_STATE_ORDER = ['active', 'pending', 'expired'];

/** Active first, then pending, then expired; newest first within each. */
export function toMonitoringSilences(
  silences: AlertmanagerSilence[],
): MonitoringSilence[] {
  return silences
    .map(s => ({
      id: s.id,
      matchers: toSilenceMatchers(s.matchers),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      updatedAt: s.updatedAt,
      createdBy: s.createdBy,
      comment: s.comment,
      state: s.status.state,
    }))
    .sort(
      (a, b) =>
        SILENCE_STATE_ORDER.indexOf(a.state) -
          SILENCE_STATE_ORDER.indexOf(b.state) ||
        b.startsAt.localeCompare(a.startsAt),
    );
}

function labelsMatch(
  labels: Record<string, string>,
  scope: SilenceMatcher[],
): boolean {
  return scope.every(m => labels[m.name] === m.value);
}

/**
 * The alerting rules that watch the entity: those whose expression selects the entity's
 * labels (see expressionWatches) or that currently have an alert carrying its scope labels.
 */
export function toMonitoringRules(
  groups: PrometheusRuleGroup[],
  identity: Record<string, string>,
  scope: SilenceMatcher[],
): MonitoringAlertRule[] {
  const rules: MonitoringAlertRule[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      const own = (rule.alerts ?? []).filter(a => labelsMatch(a.labels, scope));
      if (own.length === 0 && !expressionWatches(rule.query, identity)) {
        continue;
      }
      // The rule's state for this entity: another service's firing alert is not ours.
      let state: MonitoringAlertRule['state'] = 'inactive';
      if (own.some(a => a.state === 'firing')) state = 'firing';
      else if (own.length > 0) state = 'pending';
      rules.push({
        group: group.name,
        name: rule.name,
        state,
        query: rule.query,
        durationSeconds: rule.duration ?? 0,
        labels: rule.labels ?? {},
        annotations: rule.annotations ?? {},
        health: rule.health,
        lastError: rule.lastError || undefined,
        lastEvaluation: rule.lastEvaluation,
        activeAlerts: own.length,
      });
    }
  }
  return rules;
}
