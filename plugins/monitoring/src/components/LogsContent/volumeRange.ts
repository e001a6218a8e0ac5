/**
 * Range maths of the volume chart. A bar at `t` counts the lines of `(t - step, t]` (Loki's
 * `count_over_time` at `t` looks back one step), so narrowing to bars means ending at the last
 * bar's time and starting one step before the first.
 */
export function barsToRange(
  firstBar: number,
  lastBar: number,
  step: number,
): { kind: 'absolute'; start: number; end: number } {
  const from = Math.min(firstBar, lastBar);
  const to = Math.max(firstBar, lastBar);
  return {
    kind: 'absolute',
    start: Math.floor(from - step),
    end: Math.ceil(to),
  };
}
