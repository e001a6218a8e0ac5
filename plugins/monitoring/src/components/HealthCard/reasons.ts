import { HealthResponse } from '@internal/plugin-monitoring-common';

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
