import { DateTime } from 'luxon';

/**
 * The Alerts tab's and health card's clock: one zone (UTC, as the Metrics range line and the URL),
 * 24-hour, the zone always written, so a line pasted into the incident channel reads the same for
 * everyone. Relative parts ("9m ago") are computed against `now`, which the caller ticks.
 */

const ZONE = 'utc';

function toDateTime(time: string | number): DateTime {
  return typeof time === 'number'
    ? DateTime.fromMillis(time, { zone: ZONE })
    : DateTime.fromISO(time, { zone: ZONE });
}

/** `17:04 UTC`, with the date when not on `now`'s UTC day, `–` when unreadable. */
export function formatClockUtc(
  time: string | number,
  now: number = Date.now(),
  withSeconds = false,
): string {
  const dt = toDateTime(time);
  if (!dt.isValid) return '–';
  const sameDay = dt.hasSame(DateTime.fromMillis(now, { zone: ZONE }), 'day');
  const clock = withSeconds ? 'HH:mm:ss' : 'HH:mm';
  return `${dt.toFormat(sameDay ? clock : `yyyy-LL-dd ${clock}`)} UTC`;
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
export function formatStarted(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${formatDuration(ms, now)} ago (${formatClockUtc(ms, now)})`;
}

/** `updated 17:09:54 UTC · 12s ago`, or `not loaded yet`. */
export function formatUpdated(
  updatedAtMs: number | undefined,
  now: number = Date.now(),
): string {
  if (updatedAtMs === undefined) return 'not loaded yet';
  return `updated ${formatClockUtc(updatedAtMs, now, true)} · ${formatDuration(
    updatedAtMs,
    now,
  )} ago`;
}

/** The value form of a `datetime-local` input, read and written in UTC. */
const UTC_INPUT_FORMAT = "yyyy-LL-dd'T'HH:mm";

/** Unix milliseconds → a `datetime-local` value in UTC (whole minutes). */
export function toUtcInput(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toFormat(UTC_INPUT_FORMAT);
}

/** A `datetime-local` value taken as UTC → unix milliseconds; undefined when incomplete. */
export function fromUtcInput(text: string): number | undefined {
  const dt = DateTime.fromFormat(text, UTC_INPUT_FORMAT, { zone: ZONE });
  return dt.isValid ? dt.toMillis() : undefined;
}
