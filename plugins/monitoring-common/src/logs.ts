/**
 * What the Logs tab and the monitoring backend exchange. The browser names a view and its filters;
 * the backend builds the LogQL from the entity (the stream selector never comes from the browser)
 * and answers lines, volume and the LogQL it ran, so the user can read and copy it.
 */

import { LogField, LogLevelSource, LogViewId } from './logql';

/** Lines in the first page when the browser asks for no other number. @public */
export const DEFAULT_LOG_LINES = 1000;

/** Most lines in one page; the Logs tab keeps at most this many in its list. @public */
export const MAX_LOG_LINES = 5000;

/**
 * Parameters of `GET /logs` and `GET /logs/volume` (query string; lists are repeated or
 * comma-free single values).
 * @public
 */
export interface LogsRequest {
  entityRef: string;
  view: LogViewId;
  /** Unix seconds. */
  start: number;
  /** Unix seconds. */
  end: number;
  /** Each must occur in the line, literally. */
  contains?: string[];
  /** None may occur in the line. */
  notContains?: string[];
  level?: string;
  /** JSON field equals value. */
  fields?: Partial<Record<LogField, string>>;
  minDurationMs?: number;
  /** Lines per page (default {@link DEFAULT_LOG_LINES}, at most {@link MAX_LOG_LINES}). */
  limit?: number;
  /** Continue before this page boundary: the `nextCursor` of the previous page. */
  cursor?: string;
}

/** One log line, parsed. @public */
export interface LogLine {
  /** Unique within the entity's logs for this query: stable across pages. */
  id: string;
  /** Unix nanoseconds, as Loki gives them (exact). */
  timestampNs: string;
  /** The stream's labels (namespace, app, pod, level, …). */
  labels: Record<string, string>;
  /** `level` from the stream label, else the JSON field; undefined when the line has none. */
  level?: string;
  /** The JSON `message` field, else the raw line. */
  message: string;
  /** The JSON line's fields as strings (nested values JSON-encoded); empty for non-JSON lines. */
  fields: Record<string, string>;
  /** The line as Loki stored it. */
  line: string;
}

/** Where to continue outside Backstage. @public */
export interface LogLinks {
  /** Grafana Explore with this LogQL and range, when Grafana is configured. */
  grafanaExplore?: string;
  /**
   * The tracing UI's trace page with `{traceId}` in place of the id (Jaeger, Tempo…), when
   * configured.
   */
  traceUrlTemplate?: string;
}

/** Response of `GET /logs`: one page of lines, newest first. @public */
export interface LogsResponse {
  entityRef: string;
  /** Name of the Loki instance queried. */
  loki: string;
  /** The LogQL that was run. */
  query: string;
  start: number;
  end: number;
  /** Newest first. For the `errorCount` view (a metric query) lines are empty; see `series`. */
  lines: LogLine[];
  /** Present when older lines may exist in the range: pass as `cursor` to get them. */
  nextCursor?: string;
  /** The `errorCount` view's series: `[unixSeconds, count]` per app. */
  series?: Array<{
    labels: Record<string, string>;
    points: Array<[number, number]>;
  }>;
  /** Where `level` was read from for this entity's streams. */
  levelSource: LogLevelSource;
  links: LogLinks;
  warnings?: string[];
}

/** Response of `GET /logs/volume`: lines per level per step, for the histogram. @public */
export interface LogVolumeResponse {
  entityRef: string;
  loki: string;
  query: string;
  start: number;
  end: number;
  step: number;
  /** One series per level (`level` label, "unknown" when a line has none). */
  series: Array<{ level: string; points: Array<[number, number]> }>;
}
