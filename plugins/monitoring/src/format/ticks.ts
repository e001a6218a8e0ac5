import { inZone, TimeZoneChoice } from './zone';

/** Tick spacings a reader counts in: round minutes, hours, days. Seconds. */
const TICK_INTERVALS = [
  15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  172800, 604800,
];

/**
 * Round time ticks (unix seconds) inside [start, end], at most `maxTicks`: whole minutes, hours or
 * days on the page's zone's wall clock (a 6 h range ticks at 17:00, 18:00, … there, not at
 * UTC-aligned times that read 17:30 in India).
 */
export function timeTicks(
  start: number,
  end: number,
  zone: TimeZoneChoice = 'utc',
  maxTicks = 7,
): number[] {
  if (!(end > start)) return [];
  const span = end - start;
  const interval =
    TICK_INTERVALS.find(i => span / i <= maxTicks) ??
    Math.ceil(span / maxTicks / 86400) * 86400;
  const offsetAt = (t: number) => inZone(t * 1000, zone).offset * 60;
  const ticks: number[] = [];
  const offset = offsetAt(start);
  let wall = Math.ceil((start + offset) / interval) * interval;
  for (let i = 0; i <= maxTicks + 1; i++, wall += interval) {
    // Re-read the offset at each tick: a summer-time switch moves the wall clock, not the tick.
    const guess = wall - offset;
    const t = wall - offsetAt(guess);
    if (t > end) break;
    if (t >= start) ticks.push(t);
  }
  return ticks;
}
