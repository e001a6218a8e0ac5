import { MonitoringAlert } from './alerts';

/** What an overview card needs: unsuppressed alerts per severity, and how many are muted. @public */
export interface AlertSummary {
  /** Active (not silenced or inhibited) alerts by `severity` label; `none` when unlabelled. */
  firingBySeverity: Record<string, number>;
  firing: number;
  suppressed: number;
}

/**
 * Counts an entity's alerts for a health summary: active ones by severity, suppressed ones
 * apart (they are known and being handled). Unprocessed alerts count as firing.
 * @public
 */
export function summarizeAlerts(alerts: MonitoringAlert[]): AlertSummary {
  const summary: AlertSummary = {
    firingBySeverity: {},
    firing: 0,
    suppressed: 0,
  };
  for (const alert of alerts) {
    if (alert.state === 'suppressed') {
      summary.suppressed += 1;
      continue;
    }
    const severity = alert.severity ?? 'none';
    summary.firingBySeverity[severity] =
      (summary.firingBySeverity[severity] ?? 0) + 1;
    summary.firing += 1;
  }
  return summary;
}
