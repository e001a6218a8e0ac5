import { PanelResult } from '@internal/plugin-monitoring-common';

type Row = { t: number } & Record<string, number | null>;

/** Series → recharts rows keyed by timestamp (one column per series name). */
export function toRows(panel: PanelResult): Row[] {
  const rows = new Map<number, Row>();
  for (const series of panel.series ?? []) {
    for (const [t, v] of series.points) {
      const row = rows.get(t) ?? ({ t } as Row);
      row[series.name] = v;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** The newest non-null value of a series. */
export function lastValue(
  points: Array<[number, number | null]>,
): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    if (points[i][1] !== null) return points[i][1];
  }
  return null;
}

/** True when series exist but every point is NaN/Inf/absent (e.g. 0/0 error rate at no traffic). */
export function hasOnlyEmptyPoints(panel: PanelResult): boolean {
  return (panel.series ?? []).every(s => s.points.every(([, v]) => v === null));
}
