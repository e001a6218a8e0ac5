import { DateTime } from 'luxon';
import { inZone, TimeZoneChoice, zoneLabel } from './zone';

/**
 * Every way the plugin writes or reads a point in time on the Metrics and Logs tabs: all in the
 * page's one zone ({@link TimeZoneChoice}), 24-hour, the zone named; the URL always in UTC (a link
 * pasted in the incident channel means the same minutes for everyone).
 */

/** `2026-11-20 10:00:00 UTC`: a chart point's time (unix seconds) in the tooltip. */
export function formatChartTooltip(
  seconds: number,
  zone: TimeZoneChoice = 'utc',
): string {
  return `${inZone(seconds * 1000, zone).toFormat(
    'yyyy-LL-dd HH:mm:ss',
  )} ${zoneLabel(zone, seconds * 1000)}`;
}

/**
 * The x-axis tick format for a chart spanning `spanSeconds`: over a day a bare HH:mm is
 * ambiguous (show the date); under ten minutes it is too coarse (show seconds). The zone is
 * named once, on the axis label, not on every tick.
 */
export function chartTickFormatter(
  spanSeconds: number,
  zone: TimeZoneChoice = 'utc',
): (seconds: number) => string {
  let format = 'HH:mm';
  if (spanSeconds > 86400) format = 'LLL dd HH:mm';
  else if (spanSeconds < 600) format = 'HH:mm:ss';
  return seconds => inZone(seconds * 1000, zone).toFormat(format);
}

/** `2026-11-20 10:00:00`, in the zone (which the caller names). */
export function formatDateTime(
  seconds: number,
  zone: TimeZoneChoice = 'utc',
): string {
  return inZone(seconds * 1000, zone).toFormat('yyyy-LL-dd HH:mm:ss');
}

/** `2026-11-20T10:00:00Z`: a whole-second ISO time in UTC, the URL's `from`/`to`. */
export function isoUtc(seconds: number): string {
  return DateTime.fromSeconds(Math.floor(seconds), { zone: 'utc' }).toISO({
    suppressMilliseconds: true,
  })!;
}

/** Unix seconds of an ISO time (UTC unless it names a zone); undefined when unreadable or absent. */
export function parseIsoUtc(text: string | null): number | undefined {
  if (!text) return undefined;
  const iso = DateTime.fromISO(text, { zone: 'utc' });
  return iso.isValid ? iso.toSeconds() : undefined;
}

/** Unix milliseconds of Loki's nanosecond string (exact to the millisecond, no float rounding). */
export function nsToMillis(timestampNs: string): number {
  const digits = timestampNs.replace(/^0+/, '');
  if (digits.length <= 6) return 0;
  return Number(digits.slice(0, -6));
}

/**
 * A log line's time: `2026-11-27 09:05:07.123 UTC`, 24-hour, in the page's zone with the zone
 * written out, so a line copied into the incident channel is unambiguous.
 */
export function formatLogTime(
  timestampNs: string,
  zone: TimeZoneChoice = 'utc',
): string {
  const ms = nsToMillis(timestampNs);
  return `${inZone(ms, zone).toFormat('yyyy-LL-dd HH:mm:ss.SSS')} ${zoneLabel(
    zone,
    ms,
  )}`;
}
