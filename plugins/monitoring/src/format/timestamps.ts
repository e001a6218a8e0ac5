import { DateTime } from 'luxon';

/**
 * Every way the plugin writes or reads a point in time: tables and tooltips in the reader's local
 * time, the Metrics range line and the URL in UTC (a link pasted in the incident channel means
 * the same minutes for everyone), the custom-range inputs in local wall time.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-27 00:20:22` in the browser's zone. */
function localText(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A local, unambiguous timestamp: 2026-11-27 00:20:22; `–` when absent, the input when unreadable. */
export function formatTimestamp(iso?: string): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return localText(d);
}

/** A chart point's time (unix seconds) in the tooltip: the same local form as {@link formatTimestamp}. */
export function formatChartTooltip(seconds: number): string {
  return localText(new Date(seconds * 1000));
}

/**
 * The x-axis tick format for a chart spanning `spanSeconds`: over a day a bare HH:mm is
 * ambiguous (show the date); under ten minutes it is too coarse (show seconds).
 */
export function chartTickFormatter(
  spanSeconds: number,
): (seconds: number) => string {
  let format = 'HH:mm';
  if (spanSeconds > 86400) format = 'LLL dd HH:mm';
  else if (spanSeconds < 600) format = 'HH:mm:ss';
  return seconds => DateTime.fromSeconds(seconds).toFormat(format);
}

/** `2026-11-20 10:00:00`, in UTC. */
export function formatUtc(seconds: number): string {
  return DateTime.fromSeconds(seconds, { zone: 'utc' }).toFormat(
    'yyyy-LL-dd HH:mm:ss',
  );
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

/** `datetime-local` inputs speak local wall time without zone. */
const LOCAL_INPUT_FORMAT = "yyyy-LL-dd'T'HH:mm";

/** Unix seconds → the value of a `datetime-local` input. */
export function toLocalInput(seconds: number): string {
  return DateTime.fromSeconds(seconds).toFormat(LOCAL_INPUT_FORMAT);
}

/** The value of a `datetime-local` input → unix seconds; undefined when incomplete. */
export function fromLocalInput(text: string): number | undefined {
  const dt = DateTime.fromFormat(text, LOCAL_INPUT_FORMAT);
  return dt.isValid ? dt.toSeconds() : undefined;
}

/** Unix milliseconds of Loki's nanosecond string (exact to the millisecond, no float rounding). */
export function nsToMillis(timestampNs: string): number {
  const digits = timestampNs.replace(/^0+/, '');
  if (digits.length <= 6) return 0;
  return Number(digits.slice(0, -6));
}

/**
 * A log line's time: `2026-11-27 09:05:07.123 +01:00`, 24-hour, in the reader's zone with its
 * offset written out, so a line copied into the incident channel is unambiguous.
 */
export function formatLogTime(timestampNs: string): string {
  return DateTime.fromMillis(nsToMillis(timestampNs)).toFormat(
    'yyyy-LL-dd HH:mm:ss.SSS ZZ',
  );
}
