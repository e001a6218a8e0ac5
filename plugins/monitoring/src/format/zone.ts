import { DateTime } from 'luxon';

/**
 * The page's one time zone: UTC (the default, what a link pasted in the incident channel means
 * for everyone) or the reader's browser zone. Every timestamp on the page is written in it,
 * 24-hour, with the zone named.
 */
export type TimeZoneChoice = 'utc' | 'local';

/** The zones the URL's `?tz=` accepts. */
export const TIME_ZONE_CHOICES: TimeZoneChoice[] = ['utc', 'local'];

/** `?tz=` → the page's zone; anything else is UTC. */
export function parseTimeZone(text: string | null | undefined): TimeZoneChoice {
  return text === 'local' ? 'local' : 'utc';
}

/** The luxon zone of a choice ('local' = the browser's zone). */
export function luxonZone(zone: TimeZoneChoice): string {
  return zone === 'utc' ? 'utc' : 'default';
}

/** A point in time (unix ms, or ISO text) in the page's zone. */
export function inZone(time: string | number, zone: TimeZoneChoice): DateTime {
  return typeof time === 'number'
    ? DateTime.fromMillis(time, { zone: luxonZone(zone) })
    : DateTime.fromISO(time, { zone: luxonZone(zone) });
}

/**
 * The zone as written after a time: `UTC`, or the local offset `UTC+01:00` at that instant
 * (summer and winter time differ, and an offset needs no emoji font or locale data).
 */
export function zoneLabel(
  zone: TimeZoneChoice,
  atMs: number = Date.now(),
): string {
  if (zone === 'utc') return 'UTC';
  const offset = DateTime.fromMillis(atMs).toFormat('ZZ');
  return offset === '+00:00' ? 'UTC' : `UTC${offset}`;
}

/** The browser's zone name, for the switch's label (`Europe/Berlin`). */
export function localZoneName(): string {
  return DateTime.local().zoneName ?? 'local';
}
