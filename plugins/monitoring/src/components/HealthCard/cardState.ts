import {
  HealthResponse,
  HealthState,
} from '@internal/plugin-monitoring-common';

/**
 * The word the card shows. The shared rule says `down` for "every target down" and for "a
 * critical alert firing"; only the first means the service does not answer. When a critical
 * alert is the only down reason (so some target is up) the card says `degraded` instead, and
 * names the alert. The shared rule lists one reason per cause, so one reason with critical
 * alerts firing means the targets are not all down.
 */
export function cardState(health: HealthResponse): HealthState {
  const critical = health.alerts?.critical ?? 0;
  if (health.state === 'down' && critical > 0 && health.reasons.length === 1)
    return 'degraded';
  return health.state;
}

/** Reasons other than the alert counts, which the card lists by name instead. */
export function otherReasons(health: HealthResponse): string[] {
  return health.reasons.filter(
    r => !/^\d+ (non-)?critical alert(\(s\)|s)? firing/.test(r),
  );
}

/** "1 critical alert", "2 warning alerts". */
export function countAlerts(n: number, severity: string): string {
  return `${n} ${severity} alert${n === 1 ? '' : 's'}`;
}
