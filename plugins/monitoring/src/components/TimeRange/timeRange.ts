import { isoUtc, parseIsoUtc } from '../../format';

/** The page's time range as it lives in the URL. */
export type TimeRange =
  | { kind: 'relative'; preset: string; seconds: number }
  | { kind: 'absolute'; start: number; end: number };

/** Range presets, keyed by their URL form. */
export const RANGE_PRESETS: Array<{
  key: string;
  label: string;
  seconds: number;
}> = [
  { key: '15m', label: 'Last 15 minutes', seconds: 15 * 60 },
  { key: '1h', label: 'Last 1 hour', seconds: 3600 },
  { key: '6h', label: 'Last 6 hours', seconds: 6 * 3600 },
  { key: '24h', label: 'Last 24 hours', seconds: 86400 },
  { key: '7d', label: 'Last 7 days', seconds: 7 * 86400 },
];

export const DEFAULT_PRESET = '1h';

/** Auto-refresh choices, keyed by their URL form; 0 = off. */
export const REFRESH_CHOICES: Array<{
  key: string;
  label: string;
  ms: number;
}> = [
  { key: 'off', label: 'Off', ms: 0 },
  { key: '30s', label: '30 seconds', ms: 30_000 },
  { key: '1m', label: '1 minute', ms: 60_000 },
  { key: '5m', label: '5 minutes', ms: 300_000 },
];

/**
 * Reads `?range=1h` or `?from=<ISO>&to=<ISO>` (UTC, so a link pasted in the incident channel
 * means the same minutes for everyone). Anything unreadable falls back to the default preset.
 */
export function rangeFromParams(params: URLSearchParams): TimeRange {
  const start = parseIsoUtc(params.get('from'));
  const end = parseIsoUtc(params.get('to'));
  if (start !== undefined && end !== undefined && end > start) {
    return { kind: 'absolute', start, end };
  }
  const preset =
    RANGE_PRESETS.find(p => p.key === params.get('range')) ??
    RANGE_PRESETS.find(p => p.key === DEFAULT_PRESET)!;
  return { kind: 'relative', preset: preset.key, seconds: preset.seconds };
}

/** Writes a range into the URL parameters, keeping the others (e.g. the refresh choice). */
export function rangeToParams(
  range: TimeRange,
  params: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('range');
  next.delete('from');
  next.delete('to');
  if (range.kind === 'relative') {
    next.set('range', range.preset);
  } else {
    next.set('from', isoUtc(range.start));
    next.set('to', isoUtc(range.end));
  }
  return next;
}

export function refreshFromParams(params: URLSearchParams): number {
  return REFRESH_CHOICES.find(r => r.key === params.get('refresh'))?.ms ?? 0;
}

/** Start/end in unix seconds for a request made at `nowMs`. */
export function resolveRange(
  range: TimeRange,
  nowMs: number,
): { start: number; end: number } {
  if (range.kind === 'absolute') return { start: range.start, end: range.end };
  const end = nowMs / 1000;
  return { start: end - range.seconds, end };
}
