import { PanelResult } from '@internal/plugin-monitoring-common';

type Row = { t: number } & Record<string, number | null>;

/**
 * Series → recharts rows keyed by timestamp (one column per series name). With the query's
 * `step`, every step between the first and the last point gets a row, null where a series has no
 * sample: Prometheus leaves such steps out, and without the null recharts would draw a straight
 * line across an outage.
 */
export function toRows(panel: PanelResult, step?: number): Row[] {
  const rows = new Map<number, Row>();
  const names = (panel.series ?? []).map(s => s.name);
  for (const series of panel.series ?? []) {
    for (const [t, v] of series.points) {
      const row = rows.get(t) ?? ({ t } as Row);
      row[series.name] = v;
      rows.set(t, row);
    }
  }
  const times = [...rows.keys()].sort((a, b) => a - b);
  if (step && step > 0 && times.length > 1) {
    const first = times[0];
    const last = times[times.length - 1];
    // Bounded by Prometheus' 11,000 points per series.
    for (let t = first; t <= last; t += step) {
      if (!rows.has(t)) rows.set(t, { t } as Row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.t - b.t);
  for (const row of sorted) {
    for (const name of names) if (!(name in row)) row[name] = null;
  }
  return sorted;
}

/**
 * The panel with no point after `end` (the requested end, unix seconds). The backend's grid
 * ends at or up to one step after the requested end so that its last point's window holds the
 * newest samples; that point is the value as of the end (no sample is younger), so it is drawn
 * and labelled at the end, not in the future.
 */
export function clampToRange(panel: PanelResult, end: number): PanelResult {
  if (!panel.series?.some(s => s.points.some(([t]) => t > end))) return panel;
  return {
    ...panel,
    series: panel.series.map(s => {
      const points: Array<[number, number | null]> = [];
      for (const [t, v] of s.points) {
        if (t <= end) points.push([t, v]);
        // At most one point lies past the end (less than a step), and only if it has a value.
        else if (v !== null && points[points.length - 1]?.[0] !== end)
          points.push([end, v]);
      }
      return { ...s, points };
    }),
  };
}

/** The newest non-null point of a series: its time (unix seconds) and value. */
export function lastPoint(
  points: Array<[number, number | null]>,
): { t: number; value: number } | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i][1];
    if (v !== null) return { t: points[i][0], value: v };
  }
  return undefined;
}

/** The newest non-null value of a series. */
export function lastValue(
  points: Array<[number, number | null]>,
): number | null {
  return lastPoint(points)?.value ?? null;
}

/** True when series exist but every point is NaN/Inf/absent (e.g. 0/0 error rate at no traffic). */
export function hasOnlyEmptyPoints(panel: PanelResult): boolean {
  return (panel.series ?? []).every(s => s.points.every(([, v]) => v === null));
}
