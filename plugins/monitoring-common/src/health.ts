import { SEED_THRESHOLDS } from './thresholds';

/** One-word state of an entity on its Overview card. @public */
export type HealthState = 'healthy' | 'degraded' | 'down' | 'unknown';

/** Firing alerts of the entity by severity label. @public */
export interface AlertCounts {
  critical: number;
  warning: number;
  /** Any other or missing severity. */
  other: number;
  /** Names of the counted (unsuppressed) firing alerts, each once, by severity label. */
  firing?: Array<{ alertname: string; severity?: string }>;
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
 * The guide's two request alerts the card measures itself, with their own window and `for`
 * (docs/monitoring-guide.md, "Alert Rules", festivals.availability).
 * @public
 */
export const HEALTH_RULES = {
  errorRate: {
    alertname: 'FestivalsHighErrorRate',
    thresholdPercent: ERROR_RATE_PERCENT,
    window: '5m',
    for: '5m',
  },
  latency: {
    alertname: 'FestivalsHighLatency',
    thresholdSeconds: LATENCY_P95_SECONDS,
    window: '5m',
    for: '5m',
  },
} as const;

/** "1 critical alert", "2 critical alerts". */
function countOf(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function names(
  alerts: AlertCounts,
  match: (severity: string | undefined) => boolean,
): string {
  const list = (alerts.firing ?? [])
    .filter(a => match(a.severity))
    .map(a => a.alertname);
  return list.length ? `: ${list.join(', ')}` : '';
}

/**
 * A measured threshold crossing, said as what it is: the alert's condition holds now, but the
 * alert only fires once it has held for the rule's `for` (or it is firing and already named).
 */
function crossing(
  what: string,
  alertname: string,
  forDuration: string,
  alerts: AlertCounts | undefined,
): string | undefined {
  const firing = alerts?.firing?.some(a => a.alertname === alertname);
  if (firing) return undefined;
  const alertState = alerts
    ? `not an alert yet: ${alertname} fires after ${forDuration} above it`
    : `${alertname} fires after ${forDuration} above it`;
  return `${what} (threshold crossing, ${alertState})`;
}

/**
 * The health rule, in order (first match wins):
 * 1. unknown  — no scrape target of the entity is known to Prometheus (or Prometheus failed);
 * 2. down     — every scrape target is down (`up == 0`): the service does not answer;
 * 3. degraded — a critical alert is firing (named first), some targets are down, a warning (or
 *               other) alert is firing, or one of the guide's
 *               request alert conditions holds: error rate above 5 % or P95 above 2 s, each measured
 *               over the rule's own `[5m]` window ({@link HEALTH_RULES}, thresholds from
 *               {@link SEED_THRESHOLDS});
 * 4. healthy  — otherwise.
 * Firing alerts are named in the reasons; a threshold crossing whose alert is not firing (yet) says
 * so, so the card never looks like an alert the pager has not sent.
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
  const criticalFiring =
    alerts && alerts.critical > 0
      ? `${countOf(alerts.critical, 'critical alert')} firing${names(
          alerts,
          s => s === 'critical',
        )}`
      : undefined;
  // Down means the service does not answer: every target down. A critical alert while targets
  // answer is serious, and named first, but the service is degraded, not down.
  if (targets.up === 0) {
    return {
      state: 'down',
      reasons: [
        `all ${targets.total} scrape targets are down`,
        ...(criticalFiring ? [criticalFiring] : []),
      ],
    };
  }

  const degraded: Array<string | undefined> = criticalFiring
    ? [criticalFiring]
    : [];
  if (targets.up < targets.total)
    degraded.push(
      `${targets.total - targets.up} of ${
        targets.total
      } scrape targets are down`,
    );
  if (alerts && alerts.warning + alerts.other > 0)
    degraded.push(
      `${countOf(
        alerts.warning + alerts.other,
        'non-critical alert',
      )} firing${names(alerts, s => s !== 'critical')}`,
    );
  const { errorRate, latency } = HEALTH_RULES;
  // Strictly above, as the rules' `> 0.05` and `> 2`.
  if (
    signals.errorRatePercent !== undefined &&
    signals.errorRatePercent > errorRate.thresholdPercent
  )
    degraded.push(
      crossing(
        `error rate > ${errorRate.thresholdPercent}% over ${errorRate.window}`,
        errorRate.alertname,
        errorRate.for,
        alerts,
      ),
    );
  if (
    signals.latencyP95Seconds !== undefined &&
    signals.latencyP95Seconds > latency.thresholdSeconds
  )
    degraded.push(
      crossing(
        `P95 latency > ${latency.thresholdSeconds} s over ${latency.window}`,
        latency.alertname,
        latency.for,
        alerts,
      ),
    );
  // A crossing whose alert is firing is already named by the alert's reason.
  const reasons = degraded.filter((r): r is string => r !== undefined);
  if (degraded.length) return { state: 'degraded', reasons };
  return { state: 'healthy', reasons: [] };
}
