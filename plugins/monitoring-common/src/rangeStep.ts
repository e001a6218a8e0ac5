import { formatDuration } from './durations';

/**
 * Range → step maths (Grafana's rangeutil idea): one point per pixel at most, rounded up to a
 * human interval, never below the scrape interval and never more than Prometheus' 11,000 points;
 * start aligned down and end aligned up to the step, so equal views produce equal queries (and
 * cache keys) and the grid covers the whole requested range.
 */

/** Prometheus refuses query_range with more points than this. @public */
export const MAX_POINTS = 11_000;

const NICE_STEPS_SECONDS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200,
  10800, 21600, 43200, 86400, 172800, 604800,
];

/** @public */
export interface AlignedRange {
  /** Unix seconds, multiple of step. */
  start: number;
  /**
   * Unix seconds, multiple of step, at or after the requested end (less than one step after):
   * the last point's window holds the newest samples.
   */
  end: number;
  /** Seconds. */
  step: number;
}

/** @public */
export function computeStep(
  rangeSeconds: number,
  maxDataPoints: number,
  minStepSeconds: number,
): number {
  const raw = Math.max(
    rangeSeconds / Math.max(1, Math.floor(maxDataPoints)),
    minStepSeconds,
    rangeSeconds / MAX_POINTS,
    1,
  );
  const nice = NICE_STEPS_SECONDS.find(s => s >= raw);
  return nice ?? Math.ceil(raw / 86400) * 86400;
}

/**
 * The query grid of a requested range: start aligned down, end aligned UP to the step. Rounding
 * the end down (Grafana's habit) made a relative range stop up to a step before now: at 7 days
 * (20–30 min steps) the newest minutes were missing, and a service younger than one step showed
 * no series at all. The last point now lies at or after the requested end (less than one step
 * later); its rate window (at least the step) reaches back over the newest samples. Views a
 * few seconds apart within one step still share one query.
 * @public
 */
export function alignRange(
  start: number,
  end: number,
  maxDataPoints: number,
  minStepSeconds: number,
): AlignedRange {
  let step = computeStep(end - start, maxDataPoints, minStepSeconds);
  const grid = (s: number) => ({
    start: Math.floor(start / s) * s,
    end: Math.ceil(end / s) * s,
    step: s,
  });
  let aligned = grid(step);
  // Alignment widens the span by up to two steps: keep within Prometheus' point limit.
  while ((aligned.end - aligned.start) / step > MAX_POINTS) {
    step = computeStep(end - start, maxDataPoints, step + 1);
    aligned = grid(step);
  }
  return aligned;
}

/**
 * Grafana's `$__rate_interval`: max(step + scrape interval, 4 × scrape interval), so a rate
 * always spans enough samples and never skips data between points.
 * @public
 */
export function rateInterval(
  stepSeconds: number,
  scrapeSeconds: number,
): string {
  return `${Math.max(stepSeconds + scrapeSeconds, 4 * scrapeSeconds)}s`;
}

/** The guide's own rate window (`[5m]` in every dashboard panel and alert rule), seconds. @public */
export const GUIDE_RATE_WINDOW_SECONDS = 300;

/**
 * How the catalog's panels pick their rate window: `guide` = the guide's `[5m]`, widened to the
 * step when the step is longer (so no sample falls between two points); `grafana` = Grafana's
 * `$__rate_interval` ({@link rateInterval}).
 * @public
 */
export type RateWindowMode = 'guide' | 'grafana';

/**
 * The rate window of a catalog panel, as a PromQL duration. An instant panel (stat, table) has no
 * step between points, so in `guide` mode it always uses the guide's window; in `grafana` mode
 * Grafana's rule is applied with the range's step, as Grafana does for instant queries.
 * @public
 */
export function panelRateWindow(options: {
  mode: RateWindowMode;
  stepSeconds: number;
  scrapeSeconds: number;
  instant: boolean;
}): string {
  const { mode, stepSeconds, scrapeSeconds, instant } = options;
  if (mode === 'grafana') return rateInterval(stepSeconds, scrapeSeconds);
  const seconds = instant
    ? GUIDE_RATE_WINDOW_SECONDS
    : Math.max(GUIDE_RATE_WINDOW_SECONDS, stepSeconds);
  return formatDuration(seconds);
}
