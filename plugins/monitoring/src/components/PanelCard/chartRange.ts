/**
 * The range a chart is drawn over: the range the reader asked for (unix seconds), not the span
 * of the data, so "Last 24 hours" ends now and a silent service shows as empty minutes at the
 * end, not as a line that stops early and looks complete. `step` is the backend's query step.
 */
export interface ChartRange {
  start: number;
  end: number;
  step: number;
}

/** The x-axis domain: exactly the requested range. */
export function axisDomain(range: ChartRange): [number, number] {
  return [range.start, range.end];
}
