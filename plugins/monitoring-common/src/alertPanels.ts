import { Entity } from '@backstage/catalog-model';
import { alertScopeMatchers } from './alertScope';
import { formatDuration } from './durations';
import { formatMatchers } from './escaping';

/**
 * Which panels each of the guide's alerts is about: the periods an alert fired are shaded on
 * these charts. Alerts about things no panel draws (CPU, memory, restarts) are not listed.
 * @public
 */
export const ALERT_PANELS: Readonly<Record<string, readonly string[]>> = {
  FestivalsAPIDown: ['request-rate'],
  FestivalsHighErrorRate: ['error-rate'],
  FestivalsHighLatency: ['latency-p95'],
  FestivalsDatabaseConnectionHigh: ['db-connections-active'],
  FestivalsDatabaseSlowQueries: ['db-connections-active', 'latency-p95'],
  FestivalsQueueBacklog: ['queue-depth'],
  FestivalsQueueStuck: ['queue-depth'],
  FestivalsPaymentFailureHigh: ['error-rate'],
};

/** A span (unix seconds) during which an alert of the entity fired. @public */
export interface AlertPeriod {
  alertname: string;
  severity?: string;
  start: number;
  end: number;
}

/**
 * The PromQL of the entity's firing alerts over a range: Prometheus' own `ALERTS` series, scoped
 * like the Alerts tab (namespace and service, see {@link alertScopeMatchers}), and the maximum
 * over each step so an alert shorter than the step still marks its point.
 * @public
 */
export function firingAlertsQuery(entity: Entity, stepSeconds: number): string {
  const matchers = [
    { name: 'alertstate', op: '=' as const, value: 'firing' },
    ...alertScopeMatchers(entity).map(m => ({
      name: m.name,
      op: '=' as const,
      value: m.value,
    })),
  ];
  return `max by (alertname, severity) (max_over_time(ALERTS{${formatMatchers(
    matchers,
  )}}[${formatDuration(stepSeconds)}]))`;
}

/**
 * Firing periods from the series of {@link firingAlertsQuery}: a point at `t` means the alert
 * fired somewhere in `(t - step, t]`; consecutive points join into one period, a missing step
 * ends it.
 * @public
 */
export function alertPeriodsFromSeries(
  series: Array<{
    labels: Record<string, string>;
    points: Array<[number, number | null]>;
  }>,
  stepSeconds: number,
): AlertPeriod[] {
  const periods: AlertPeriod[] = [];
  for (const s of series) {
    const alertname = s.labels.alertname;
    if (!alertname) continue;
    const times = s.points
      .filter(([, v]) => v !== null)
      .map(([t]) => t)
      .sort((a, b) => a - b);
    let current: AlertPeriod | undefined;
    for (const t of times) {
      if (current && t - current.end <= stepSeconds) {
        current.end = t;
      } else {
        current = {
          alertname,
          ...(s.labels.severity ? { severity: s.labels.severity } : {}),
          start: t - stepSeconds,
          end: t,
        };
        periods.push(current);
      }
    }
  }
  return periods.sort((a, b) => a.start - b.start);
}

/** The periods to shade on one panel, by {@link ALERT_PANELS}. @public */
export function panelAlertPeriods(
  periods: AlertPeriod[],
  panelId: string,
): AlertPeriod[] {
  return periods.filter(p => ALERT_PANELS[p.alertname]?.includes(panelId));
}
