import { formatDuration } from './durations';

/**
 * Range → step maths (Grafana's rangeutil idea): one point per pixel at most, rounded up to a
 * human interval, never below the scrape interval and never more than Prometheus' 11,000 points;
 * start/end aligned down to the step so equal views produce equal queries (and cache keys).
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
  /** Unix seconds, multiple of step. */
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

/** @public */
export function alignRange(
  start: number,
  end: number,
  maxDataPoints: number,
  minStepSeconds: number,
): AlignedRange {
  const step = computeStep(end - start, maxDataPoints, minStepSeconds);
  return {
    start: Math.floor(start / step) * step,
    end: Math.floor(end / step) * step,
    step,
  };
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
