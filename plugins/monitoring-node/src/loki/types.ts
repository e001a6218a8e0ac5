/**
 * One log line of a streams answer: [unix nanoseconds as a string, line].
 *
 * @public
 */
export type LokiEntry = [string, string];

/**
 * A stream of a log query answer: its labels and its lines.
 *
 * @public
 */
export interface LokiStream {
  stream: Record<string, string>;
  values: LokiEntry[];
}

/**
 * A metric query sample: [unix seconds, "value"], as Prometheus.
 *
 * @public
 */
export type LokiSample = [number, string];

/**
 * The `data` of a `query_range` answer: lines for a log query, a matrix for a metric query.
 *
 * @public
 */
export type LokiQueryData =
  | { resultType: 'streams'; result: LokiStream[] }
  | {
      resultType: 'matrix';
      result: Array<{ metric: Record<string, string>; values: LokiSample[] }>;
    };

/**
 * Parameters of `query_range`. Times are unix nanoseconds as strings (exact) or unix seconds
 * as numbers; Loki accepts both.
 *
 * @public
 */
export interface LokiQueryRangeParams {
  query: string;
  start: string | number;
  end: string | number;
  /** Most lines returned (log queries); Loki's default is 100. */
  limit?: number;
  /** `backward` (newest first, Loki's default) or `forward`. */
  direction?: 'forward' | 'backward';
  /** Seconds between points (metric queries). */
  step?: number;
  /** Cancels the query (its caller was denied). */
  signal?: AbortSignal;
}
