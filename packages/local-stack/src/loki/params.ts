/*
 * Loki's HTTP query parameters, parsed as pkg/loghttp (params.go, query.go) parses them, with its
 * error texts, so a client sees the same 400 bodies from the stand-in as from Loki.
 */

/** A 400 with a plain-text body, as Loki answers a bad request. */
export class BadRequest extends Error {}

export const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** Defaults of Loki's limits_config that the stand-in enforces. */
export interface LokiLimits {
  /** `max_entries_limit_per_query` (Loki's default 5000; 0 = off). */
  maxEntriesLimitPerQuery?: number;
  /** `max_query_length` in ms (Loki's default 721h, "30d1h"; 0 = off). */
  maxQueryLengthMs?: number;
}

export const DEFAULT_MAX_ENTRIES_LIMIT_PER_QUERY = 5000;
export const DEFAULT_MAX_QUERY_LENGTH_MS = 721 * 3_600_000;

const RFC3339_NANO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * parseTimestamp of loghttp: a value with a dot that parses as a float is unix seconds (fraction
 * rounded to ms); an integer is seconds when it has at most 10 characters, else nanoseconds;
 * anything else must be RFC3339(Nano).
 */
export function parseLokiTime(value: string, name: string): bigint {
  if (
    value.includes('.') &&
    /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)
  ) {
    const t = Number(value);
    const s = Math.trunc(t);
    const ms = Math.round((t - s) * 1000);
    return BigInt(s) * NS_PER_S + BigInt(ms) * NS_PER_MS;
  }
  if (/^[+-]?\d+$/.test(value)) {
    const n = BigInt(value);
    return value.length <= 10 ? n * NS_PER_S : n;
  }
  const m = RFC3339_NANO.exec(value);
  const ms = m ? Date.parse(value) : NaN;
  if (!m || Number.isNaN(ms)) {
    // determineBounds wraps the error for start and end; the instant query's `time` is bare.
    const cause = `strconv.ParseInt: parsing ${JSON.stringify(
      value,
    )}: invalid syntax`;
    throw new BadRequest(
      name === 'time' ? cause : `could not parse '${name}' parameter: ${cause}`,
    );
  }
  // Date.parse keeps milliseconds; RFC3339Nano carries up to nine digits.
  const subMs = BigInt((m[7] ?? '').padEnd(9, '0').slice(3));
  return BigInt(ms) * NS_PER_MS + subMs;
}

const MODEL_UNITS: Array<[string, number]> = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Prometheus' model.ParseDuration (`5m`, `1h30m`, `30d1h`), in ms. */
export function parseModelDuration(text: string): number {
  if (text === '') throw new Error('empty duration string');
  if (text === '0') return 0;
  const m =
    /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(
      text,
    );
  if (!m)
    throw new Error(`not a valid duration string: ${JSON.stringify(text)}`);
  return MODEL_UNITS.reduce(
    (sum, [, mult], i) => sum + Number(m[i + 1] ?? 0) * mult,
    0,
  );
}

/** Prometheus' model.Duration.String(): `30d1h`, `5m`, `0s` (years and weeks only when exact). */
export function formatModelDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, mult] of MODEL_UNITS) {
    if ((unit === 'y' || unit === 'w') && rest % mult !== 0) continue;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  }
  return out;
}

function fraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const frac = (value % scale)
    .toString()
    .padStart(digits, '0')
    .replace(/0+$/, '');
  return `${value / scale}${frac ? `.${frac}` : ''}`;
}

/** Go's time.Duration.String(): `722h0m0s`, `1.5s`, `250ms`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
  if (u < NS_PER_S) return `${sign}${fraction(u, 6)}ms`;
  const h = u / (3600n * NS_PER_S);
  const m = (u / (60n * NS_PER_S)) % 60n;
  const s = fraction(u % (60n * NS_PER_S), 9);
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** parseSecondsOrDuration of loghttp (step, interval): a float of seconds or a model duration. */
export function parseSecondsOrDuration(value: string): number {
  const n = Number(value);
  if (value.trim() !== '' && !Number.isNaN(n)) return n * 1000;
  try {
    return parseModelDuration(value);
  } catch {
    throw new BadRequest(
      `cannot parse ${JSON.stringify(value)} to a valid duration`,
    );
  }
}

/** strconv.Atoi with Loki's default, as `limit` is read. */
function parseInt(value: string | null, def: number): number {
  if (value === null || value === '') return def;
  if (!/^[+-]?\d+$/.test(value))
    throw new BadRequest(
      `strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`,
    );
  return Number(value);
}

export function parseLimit(q: URLSearchParams): number {
  const limit = parseInt(q.get('limit'), 100);
  if (limit <= 0) throw new BadRequest('limit must be a positive value');
  return limit;
}

export function parseDirection(q: URLSearchParams): 'forward' | 'backward' {
  const value = q.get('direction');
  if (!value) return 'backward';
  const d = value.toLowerCase();
  if (d !== 'forward' && d !== 'backward')
    throw new BadRequest(`invalid direction '${value}'`);
  return d;
}

/**
 * determineBounds of loghttp: `end` defaults to now; `start` to `since` (default `defaultSinceMs`)
 * before `end`, or before now when `end` is in the future; an explicit `start` wins over `since`.
 */
export function parseBounds(
  q: URLSearchParams,
  now: bigint,
  defaultSinceMs = 3_600_000,
): { start: bigint; end: bigint } {
  let sinceMs = defaultSinceMs;
  const since = q.get('since');
  if (since) {
    try {
      sinceMs = parseModelDuration(since);
    } catch (e) {
      throw new BadRequest(
        `could not parse 'since' parameter: ${(e as Error).message}`,
      );
    }
  }
  const end = q.get('end') ? parseLokiTime(q.get('end')!, 'end') : now;
  const endOrNow = end > now ? now : end;
  const start = q.get('start')
    ? parseLokiTime(q.get('start')!, 'start')
    : endOrNow - BigInt(sinceMs) * NS_PER_MS;
  return { start, end };
}

/** Loki's query-range parameters, checked in loghttp.ParseRangeQuery's order. */
export function parseRangeQuery(q: URLSearchParams, now: bigint) {
  const { start, end } = parseBounds(q, now);
  if (end < start)
    throw new BadRequest(
      'end timestamp must not be before or equal to start time',
    );
  const limit = parseLimit(q);
  const direction = parseDirection(q);
  const rangeMs = Number((end - start) / NS_PER_MS);
  const stepValue = q.get('step');
  // defaultQueryRangeStep: max(floor((end - start) in seconds / 250), 1) seconds.
  const stepMs = stepValue
    ? parseSecondsOrDuration(stepValue)
    : Math.max(Math.floor(rangeMs / 1000 / 250), 1) * 1000;
  if (stepMs <= 0)
    throw new BadRequest(
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  if (Math.floor(rangeMs / stepMs) > 11000)
    throw new BadRequest(
      'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter',
    );
  return { start, end, limit, direction, stepMs };
}

/** Loki's instant-query parameters (ParseInstantQuery): limit, time, direction. */
export function parseInstantQuery(q: URLSearchParams, now: bigint) {
  const limit = parseLimit(q);
  const time = q.get('time') ? parseLokiTime(q.get('time')!, 'time') : now;
  const direction = parseDirection(q);
  return { limit, time, direction };
}

/** max_query_length, with the querier's text (query length as a Go duration, limit as a model one). */
export function checkQueryLength(
  start: bigint,
  end: bigint,
  limits: LokiLimits,
): void {
  const maxMs = limits.maxQueryLengthMs ?? DEFAULT_MAX_QUERY_LENGTH_MS;
  if (maxMs > 0 && end - start > BigInt(maxMs) * NS_PER_MS)
    throw new BadRequest(
      `the query time range exceeds the limit (query length: ${formatGoDuration(
        end - start,
      )}, limit: ${formatModelDuration(maxMs)})`,
    );
}

/**
 * max_entries_limit_per_query, for log queries only, with the text of Loki's current
 * pkg/util/validation (ErrMaxEntriesLimit) and query troubleshooting guide; Loki releases before
 * that change said `limit > max_entries_limit (N > M)`, so clients should match the prefix.
 */
export function checkEntriesLimit(limit: number, limits: LokiLimits): void {
  const max =
    limits.maxEntriesLimitPerQuery ?? DEFAULT_MAX_ENTRIES_LIMIT_PER_QUERY;
  if (max > 0 && limit > max)
    throw new BadRequest(
      `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${max})`,
    );
}
