import { DateTime } from 'luxon';
import { inZone, luxonZone, TimeZoneChoice, zoneLabel } from './zone';

/**
 * The Alerts tab's and health card's clock: the page's one zone (UTC unless `?tz=local`),
 * 24-hour, the zone always written, so a line pasted into the incident channel is unambiguous.
 * Relative parts ("9m ago") are computed against `now`, which the caller ticks.
 */

/** `17:04 UTC`, with the date when not on `now`'s day in that zone, `–` when unreadable. */
export function formatClock(
  time: string | number,
  now: number = Date.now(),
  withSeconds = false,
  zone: TimeZoneChoice = 'utc',
): string {
  const dt = inZone(time, zone);
  if (!dt.isValid) return '–';
  const sameDay = dt.hasSame(inZone(now, zone), 'day');
  const clock = withSeconds ? 'HH:mm:ss' : 'HH:mm';
  return `${dt.toFormat(sameDay ? clock : `yyyy-LL-dd ${clock}`)} ${zoneLabel(
    zone,
    dt.toMillis(),
  )}`;
}

/** `12s`, `9m`, `2h 10m`, `4d 4h`: how long since `from`, seconds only under a minute. */
export function formatDuration(fromMs: number, now: number): string {
  const s = Math.max(0, Math.floor((now - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  const [big, bigUnit, small, smallUnit] =
    s < 86400
      ? [Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm']
      : [Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h'];
  return small > 0
    ? `${big}${bigUnit} ${small}${smallUnit}`
    : `${big}${bigUnit}`;
}

/** `9m ago (17:04 UTC)`: an alert's start, both ways an on-call reader looks for it. */
export function formatStarted(
  iso: string,
  now: number = Date.now(),
  zone: TimeZoneChoice = 'utc',
): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${formatDuration(ms, now)} ago (${formatClock(
    ms,
    now,
    false,
    zone,
  )})`;
}

/** `updated 17:09:54 UTC · 12s ago`, or `not loaded yet`. */
export function formatUpdated(
  updatedAtMs: number | undefined,
  now: number = Date.now(),
  zone: TimeZoneChoice = 'utc',
): string {
  if (updatedAtMs === undefined) return 'not loaded yet';
  return `updated ${formatClock(
    updatedAtMs,
    now,
    true,
    zone,
  )} · ${formatDuration(updatedAtMs, now)} ago`;
}

/**
 * The custom time inputs (range from/to, a silence's end): 24-hour text in the page's zone, which
 * the input's label names; no browser date picker, whose AM/PM follows the OS locale.
 */
export const TIME_INPUT_FORMAT = 'yyyy-LL-dd HH:mm';

/** {@link TIME_INPUT_FORMAT} as a reader knows it, for placeholders and hints. */
export const TIME_INPUT_HINT = 'YYYY-MM-DD HH:mm';

/** Unix milliseconds → a time input's text in the zone (whole minutes). */
export function toTimeInput(ms: number, zone: TimeZoneChoice = 'utc'): string {
  return DateTime.fromMillis(ms, { zone: luxonZone(zone) }).toFormat(
    TIME_INPUT_FORMAT,
  );
}

/** A time input's text, read in the zone → unix milliseconds; undefined when unreadable. */
export function fromTimeInput(
  text: string,
  zone: TimeZoneChoice = 'utc',
): number | undefined {
  const dt = DateTime.fromFormat(text.trim(), TIME_INPUT_FORMAT, {
    zone: luxonZone(zone),
  });
  return dt.isValid ? dt.toMillis() : undefined;
}
