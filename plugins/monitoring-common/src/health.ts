import { SEED_THRESHOLDS } from './thresholds';

/** One-word state of an entity on its Overview card. @public */
export type HealthState = 'healthy' | 'degraded' | 'down' | 'unknown';

/** Firing alerts of the entity by severity label. @public */
export interface AlertCounts {
  critical: number;
  warning: number;
  /** Any other or missing severity. */
  other: number;
}

/** What the state is computed from; `undefined` = not known. @public */
export interface HealthSignals {
  /** Scrape targets of the entity (`up` series) and how many of them are up. */
  targets?: { total: number; up: number };
  errorRatePercent?: number;
  latencyP95Seconds?: number;
  alerts?: AlertCounts;
}

const {
  errorRatePercent: ERROR_RATE_PERCENT,
  latencyP95Seconds: LATENCY_P95_SECONDS,
} = SEED_THRESHOLDS;

/**
 * The health rule, in order (first match wins):
 * 1. unknown  — no scrape target of the entity is known to Prometheus (or Prometheus failed);
 * 2. down     — every scrape target is down (`up == 0`), or a critical alert is firing;
 * 3. degraded — some targets are down, a warning (or other) alert is firing, the error rate is at
 *               or above the seed's error-rate alert threshold (5 %), or P95 is at or above its latency
 *               threshold (2 s) — both from {@link SEED_THRESHOLDS};
 * 4. healthy  — otherwise.
 * Thresholds come from the seed's alert rules, so the card turns amber where the pager would.
 * @public
 */
export function healthState(signals: HealthSignals): {
  state: HealthState;
  reasons: string[];
} {
  const { targets, alerts } = signals;
  if (!targets) {
    return {
      state: 'unknown',
      reasons: ['the scrape targets could not be read'],
    };
  }
  if (targets.total === 0) {
    return {
      state: 'unknown',
      reasons: ['Prometheus has no scrape target for this entity'],
    };
  }
  const down: string[] = [];
  if (targets.up === 0)
    down.push(`all ${targets.total} scrape targets are down`);
  if (alerts && alerts.critical > 0)
    down.push(`${alerts.critical} critical alert(s) firing`);
  if (down.length) return { state: 'down', reasons: down };

  const degraded: string[] = [];
  if (targets.up < targets.total)
    degraded.push(
      `${targets.total - targets.up} of ${
        targets.total
      } scrape targets are down`,
    );
  if (alerts && alerts.warning + alerts.other > 0)
    degraded.push(
      `${alerts.warning + alerts.other} non-critical alert(s) firing`,
    );
  if (
    signals.errorRatePercent !== undefined &&
    signals.errorRatePercent >= ERROR_RATE_PERCENT
  )
    degraded.push(`error rate ≥ ${ERROR_RATE_PERCENT}%`);
  if (
    signals.latencyP95Seconds !== undefined &&
    signals.latencyP95Seconds >= LATENCY_P95_SECONDS
  )
    degraded.push(`P95 latency ≥ ${LATENCY_P95_SECONDS} s`);
  if (degraded.length) return { state: 'degraded', reasons: degraded };
  return { state: 'healthy', reasons: [] };
}
