import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  alertScopeMatchers,
  AlertCounts,
  summarizeAlerts,
} from '@internal/plugin-monitoring-common';
import { AlertmanagerClient } from '@internal/plugin-monitoring-node';
import { toMonitoringAlerts } from '../alerts/mapping';
import { alertmanagerInstanceFor } from '../entity/entityInstance';

/** Firing alerts of an entity by severity, when an alert source is wired in. */
export type AlertCountSource = (
  entity: Entity,
  signal?: AbortSignal,
) => Promise<AlertCounts>;

/**
 * The health card's alert source: the same Alertmanager query as the Alerts tab, counted the
 * same way (silenced and inhibited alerts are being handled, so they do not count). Undefined
 * when no Alertmanager is configured, so the card shows "–" rather than a reassuring 0.
 */
export function alertCountsFrom(
  alertmanager: AlertmanagerClient,
): AlertCountSource | undefined {
  if (alertmanager.instanceNames().length === 0) return undefined;
  return async (entity, signal) => {
    const instance = alertmanagerInstanceFor(
      alertmanager,
      entity,
      stringifyEntityRef(entity),
    );
    const alerts = await alertmanager.getAlerts(
      instance,
      alertScopeMatchers(entity),
      { signal },
    );
    const mapped = toMonitoringAlerts(alerts);
    const { firingBySeverity } = summarizeAlerts(mapped);
    // The names the card gives as its reason: counted alerts, each name and severity once.
    const firing = new Map<string, { alertname: string; severity?: string }>();
    for (const a of mapped) {
      if (a.state === 'suppressed') continue;
      firing.set(JSON.stringify([a.alertname, a.severity]), {
        alertname: a.alertname,
        severity: a.severity,
      });
    }
    const counts: AlertCounts = {
      critical: 0,
      warning: 0,
      other: 0,
      firing: [...firing.values()],
    };
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
