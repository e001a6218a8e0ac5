import { MonitoringAlert } from '@internal/plugin-monitoring-common';

/** How the Alerts tab narrows and groups its rows; kept in the URL so a link shows the same. */
export interface AlertFilter {
  alertname?: string;
  severity?: string;
  /** Free text: every word must appear in one of the alert's `name=value` labels. */
  labels: string;
  showSilenced: boolean;
  groupBy: 'none' | 'alertname' | 'severity';
  /** Fingerprint of the alert a link points at (the health card's): shown even when muted. */
  focus?: string;
}

const GROUPS: AlertFilter['groupBy'][] = ['none', 'alertname', 'severity'];

export function filterFromParams(params: URLSearchParams): AlertFilter {
  const groupBy = GROUPS.find(g => g === params.get('group')) ?? 'none';
  return {
    alertname: params.get('alertname') || undefined,
    severity: params.get('severity') || undefined,
    labels: params.get('labels') ?? '',
    showSilenced: params.get('silenced') === 'show',
    groupBy,
    focus: params.get('alert') || undefined,
  };
}

/** Writes the filter into the URL parameters, keeping the others; empty parts are left out. */
export function filterToParams(
  filter: AlertFilter,
  params: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | undefined) =>
    value ? next.set(key, value) : next.delete(key);
  set('alertname', filter.alertname);
  set('severity', filter.severity);
  set('labels', filter.labels);
  set('silenced', filter.showSilenced ? 'show' : undefined);
  set('group', filter.groupBy === 'none' ? undefined : filter.groupBy);
  set('alert', filter.focus);
  return next;
}

export const isMuted = (a: MonitoringAlert) => a.state === 'suppressed';

function labelsMatch(alert: MonitoringAlert, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const pairs = Object.entries(alert.labels).map(([k, v]) =>
    `${k}=${v}`.toLowerCase(),
  );
  return words.every(w => pairs.some(p => p.includes(w)));
}

/** The rows the filter keeps; the focused alert always stays. */
export function applyFilter(
  alerts: MonitoringAlert[],
  filter: AlertFilter,
): MonitoringAlert[] {
  return alerts.filter(
    a =>
      a.fingerprint === filter.focus ||
      ((filter.showSilenced || !isMuted(a)) &&
        (!filter.alertname || a.alertname === filter.alertname) &&
        (!filter.severity || (a.severity ?? 'none') === filter.severity) &&
        labelsMatch(a, filter.labels)),
  );
}

/** Rows by group, in first-seen order (the backend sends most severe first). */
export function groupAlerts(
  alerts: MonitoringAlert[],
  by: AlertFilter['groupBy'],
): Array<{ key: string; alerts: MonitoringAlert[] }> {
  if (by === 'none') return [{ key: '', alerts }];
  const groups = new Map<string, MonitoringAlert[]>();
  for (const a of alerts) {
    const key = (by === 'alertname' ? a.alertname : a.severity) ?? 'none';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups].map(([key, list]) => ({ key, alerts: list }));
}

/**
 * The labels worth reading: not alertname or severity (shown already), not those the entity
 * implies (its scoping `namespace`/`service`, its `job`), so `queue=payments` stands out.
 */
export function tellingLabels(
  alert: MonitoringAlert,
  implied: Record<string, string>,
): Array<[string, string]> {
  return Object.entries(alert.labels).filter(
    ([name, value]) =>
      name !== 'alertname' && name !== 'severity' && implied[name] !== value,
  );
}
