/** A span of a chart picked by the reader, unix seconds. */
export interface ChartWindow {
  start: number;
  end: number;
}

/** A clicked point stands for this many steps either side of it. */
export const POINT_WINDOW_STEPS = 5;

/** The chart's step: the smallest gap between its points (60 s when it cannot tell). */
export function chartStep(times: number[]): number {
  let step = Infinity;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap > 0 && gap < step) step = gap;
  }
  return Number.isFinite(step) ? step : 60;
}

/**
 * The window of a selection: the dragged span, or a small window around a clicked point (the
 * point's own step would hold too few log lines to explain it).
 */
export function selectedWindow(
  first: number,
  last: number,
  step: number,
): ChartWindow {
  const start = Math.min(first, last);
  const end = Math.max(first, last);
  if (start === end) {
    return {
      start: start - POINT_WINDOW_STEPS * step,
      end: end + POINT_WINDOW_STEPS * step,
    };
  }
  return { start, end };
}

/**
 * Grafana's zoom out: twice the window around its middle, never past `now` (unix seconds), the
 * span kept by moving the start back instead.
 */
export function zoomOutWindow(window: ChartWindow, now: number): ChartWindow {
  const span = Math.max(window.end - window.start, 1);
  let end = window.end + span / 2;
  if (end > now) end = Math.max(now, window.end);
  return { start: end - 2 * span, end };
}
