import {
  alertScopeMatchers,
  AlertCounts,
  ANNOTATION_ALERTMANAGER_INSTANCE,
  summarizeAlerts,
} from '@internal/plugin-monitoring-common';
import { toMonitoringAlerts } from '../alerts/mapping';
import type { AlertCountSource } from '../router';
import { AlertmanagerClient } from '../services/AlertmanagerClient';

/**
 * The health card's alert source: the same Alertmanager query as the Alerts tab, counted the
 * same way (silenced and inhibited alerts are being handled, so they do not count). Undefined
 * when no Alertmanager is configured, so the card shows "–" rather than a reassuring 0.
 */
export function alertCountsFrom(
  alertmanager: AlertmanagerClient,
): AlertCountSource | undefined {
  if (alertmanager.instanceNames().length === 0) return undefined;
  return async entity => {
    const name =
      entity.metadata.annotations?.[ANNOTATION_ALERTMANAGER_INSTANCE];
    const instance = alertmanager.getInstance(name);
    if (!instance) {
      throw new Error(
        `Alertmanager instance '${name}' named by ${ANNOTATION_ALERTMANAGER_INSTANCE} is not configured`,
      );
    }
    const alerts = await alertmanager.getAlerts(
      instance,
      alertScopeMatchers(entity),
    );
    const { firingBySeverity } = summarizeAlerts(toMonitoringAlerts(alerts));
    const counts: AlertCounts = { critical: 0, warning: 0, other: 0 };
    for (const [severity, count] of Object.entries(firingBySeverity)) {
      if (severity === 'critical' || severity === 'warning') {
        counts[severity] += count;
      } else {
        counts.other += count;
      }
    }
    return counts;
  };
}
