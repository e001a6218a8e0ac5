import {
  computeStep,
  AlertCounts,
  findPanel,
  formatMatchers,
  HealthResponse,
  healthState,
  HealthSignals,
  HEALTH_RULES,
  LabelMatcher,
  panelRateWindow,
  rateInterval,
} from '@internal/plugin-monitoring-common';
import { PrometheusInstance } from '@internal/plugin-monitoring-node';
import { PrometheusQueries } from '../services/PrometheusQueryCache';

/** Sparkline window and resolution: the last hour, one point a minute. */
const SPARKLINE_SECONDS = 3600;
const SPARKLINE_POINTS = 60;

function numbers(
  data: Awaited<ReturnType<PrometheusQueries['query']>>['data'],
): number[] {
  if (data.resultType !== 'vector') return [];
  return data.result
    .map(r => Number(r.value[1]))
    .filter(v => Number.isFinite(v));
}

/**
 * The Overview card of one entity: its scrape targets, current error rate and P95 (the alert
 * rules' expressions over their `[5m]` window), an hour of request rate, and firing alerts (by
 * name, as the state's reason) when an alert source is given.
 */
export async function entityHealth(options: {
  prometheus: PrometheusQueries;
  instance: PrometheusInstance;
  matchers: LabelMatcher[];
  nowSeconds: number;
  alerts?: () => Promise<AlertCounts>;
  /** Cancels the queries (the user turned out not to be allowed). */
  signal?: AbortSignal;
}): Promise<Omit<HealthResponse, 'entityRef'>> {
  const { prometheus, instance, matchers, nowSeconds, signal } = options;
  // Everything ends at "now" aligned to the scrape interval: fresh, yet shared by every
  // viewer within one scrape. The sparkline keeps its one-minute step from that end.
  const scrape = instance.scrapeIntervalSeconds;
  const time = Math.floor(nowSeconds / scrape) * scrape;
  const step = computeStep(SPARKLINE_SECONDS, SPARKLINE_POINTS, scrape);
  const range = { start: time - SPARKLINE_SECONDS, end: time, step };
  const selector = `{${formatMatchers(matchers)}}`;
  const instant = (query: string) =>
    prometheus.query(instance, { query, time, signal });
  // The alert rules' own expressions and windows (FestivalsHighErrorRate, FestivalsHighLatency),
  // so the card crosses a threshold exactly when the rule's condition starts to hold.
  const errorRateQuery = findPanel('error-rate')!.query({
    matchers,
    rateWindow: HEALTH_RULES.errorRate.window,
    rateInterval: rateInterval(step, scrape),
  });
  const latencyQuery = `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket${selector}[${HEALTH_RULES.latency.window}])))`;
  const sparklineWindow = panelRateWindow({
    mode: instance.rateWindow,
    stepSeconds: step,
    scrapeSeconds: scrape,
    instant: false,
  });

  const errors: HealthResponse['errors'] = [];
  const settled = await Promise.allSettled([
    instant(`up${selector}`),
    instant(errorRateQuery),
    instant(latencyQuery),
    prometheus.queryRange(instance, {
      query: `sum(rate(http_requests_total${selector}[${sparklineWindow}]))`,
      ...range,
      signal,
    }),
    options.alerts?.(),
  ]);
  for (const [i, r] of settled.entries()) {
    if (r.status === 'rejected') {
      const message = (r.reason as Error).message;
      const upstream = i === 4 ? 'alertmanager' : 'prometheus';
      if (!errors.some(e => e.message === message))
        errors.push({ upstream, message });
    }
  }
  const value = <T>(i: number): T | undefined =>
    settled[i].status === 'fulfilled'
      ? (settled[i] as PromiseFulfilledResult<T>).value
      : undefined;

  const signals: HealthSignals = {};
  const up = value<Awaited<ReturnType<typeof instant>>>(0);
  if (up) {
    const targets = numbers(up.data);
    signals.targets = {
      total: targets.length,
      up: targets.filter(v => v === 1).length,
    };
  }
  const errorRate = value<Awaited<ReturnType<typeof instant>>>(1);
  if (errorRate) signals.errorRatePercent = numbers(errorRate.data)[0];
  const p95 = value<Awaited<ReturnType<typeof instant>>>(2);
  if (p95) {
    const all = numbers(p95.data);
    if (all.length) signals.latencyP95Seconds = Math.max(...all);
  }
  signals.alerts = value<AlertCounts>(4);

  const sparkline = value<Awaited<ReturnType<typeof instant>>>(3);
  const requestRate: Array<[number, number | null]> =
    sparkline?.data.resultType === 'matrix' && sparkline.data.result[0]
      ? sparkline.data.result[0].values.map(([t, v]) => {
          const n = Number(v);
          return [t, Number.isFinite(n) ? n : null];
        })
      : [];

  const { state, reasons } = healthState(signals);
  return {
    time,
    state,
    reasons,
    errorRatePercent: signals.errorRatePercent,
    latencyP95Seconds: signals.latencyP95Seconds,
    requestRate,
    // Counts only: the names are in `reasons`.
    alerts: signals.alerts && {
      critical: signals.alerts.critical,
      warning: signals.alerts.warning,
      other: signals.alerts.other,
    },
    errors,
  };
}
