/**
 * LogQL building for the Logs tab. The entity's streams are picked by the labels the guide's
 * promtail sets (`namespace`, `app`); the views are the guide's six "Querying Logs in Grafana"
 * queries, narrowed by the user's filters. Every value is a double-quoted, escaped LogQL string,
 * so user text is matched literally and can never end the string or the selector.
 */

import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_LOKI_APP,
  ANNOTATION_NAMESPACE,
  ANNOTATION_PROMETHEUS_JOB,
} from './annotations';
import { escapeLabelValue, formatMatchers, LabelMatcher } from './escaping';

/**
 * The guide's six log queries, as one-click views.
 * @public
 */
export type LogViewId =
  | 'all'
  | 'errors'
  | 'level'
  | 'user'
  | 'errorCount'
  | 'slow';

/**
 * Where the `level` of a line lives: a stream label (the guide's promtail promotes it) or a field
 * of the JSON line.
 * @public
 */
export type LogLevelSource = 'label' | 'json';

/**
 * JSON fields of the guide's application log format that can be matched exactly.
 * @public
 */
export type LogField =
  | 'request_id'
  | 'trace_id'
  | 'path'
  | 'status'
  | 'user_id';

/** @public */
export const LOG_FIELDS: readonly LogField[] = [
  'request_id',
  'trace_id',
  'path',
  'status',
  'user_id',
];

/**
 * A view and the user's filters on it.
 * @public
 */
export interface LogQuery {
  view: LogViewId;
  /** Each must occur in the line (literally, case-sensitive). */
  contains?: string[];
  /** None may occur in the line. */
  notContains?: string[];
  /** Exact level, e.g. `error`; the `level` view defaults to `error`. */
  level?: string;
  /** Default `label`, as the guide's promtail sets. */
  levelSource?: LogLevelSource;
  /** Exact values of JSON fields; the `user` view needs `user_id`. */
  fields?: Partial<Record<LogField, string>>;
  /** Lines slower than this; the `slow` view defaults to 1000 (the guide's). */
  minDurationMs?: number;
}

/**
 * How each view is shown: `logs` views return lines, `metric` views a matrix.
 * @public
 */
export const LOG_VIEWS: Record<
  LogViewId,
  { title: string; kind: 'logs' | 'metric' }
> = {
  all: { title: 'All logs', kind: 'logs' },
  errors: { title: 'Lines containing "error"', kind: 'logs' },
  level: { title: 'By level (JSON)', kind: 'logs' },
  user: { title: 'One user', kind: 'logs' },
  errorCount: { title: 'Error count over time by app', kind: 'metric' },
  slow: { title: 'Slow requests (duration_ms)', kind: 'logs' },
};

/** The guide's window for the error count, `[5m]`. */
const DEFAULT_COUNT_WINDOW_SECONDS = 300;
const DEFAULT_SLOW_MS = 1000;

/**
 * The stream matchers of the entity's logs: `namespace` from its namespace annotation, `app` from
 * its Loki app annotation or else its job. Undefined when it has neither: LogQL needs at least
 * one non-empty matcher.
 * @public
 */
export function entityLogMatchers(entity: Entity): LabelMatcher[] | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[ANNOTATION_NAMESPACE];
  const app =
    annotations[ANNOTATION_LOKI_APP] || annotations[ANNOTATION_PROMETHEUS_JOB];
  const matchers: LabelMatcher[] = [];
  if (namespace)
    matchers.push({ name: 'namespace', op: '=', value: namespace });
  if (app) matchers.push({ name: 'app', op: '=', value: app });
  return matchers.length ? matchers : undefined;
}

/** True when the entity's logs can be selected. @public */
export function isLogsAvailable(entity: Entity): boolean {
  return entityLogMatchers(entity) !== undefined;
}

/** A double-quoted LogQL (Go) string matching `value` literally. */
function quoted(value: string): string {
  return `"${escapeLabelValue(value)}"`;
}

/** Non-negative decimal without exponent: LogQL numbers have no `e` notation. */
function logqlNumber(value: number, what: string): string {
  const text = String(value);
  if (!Number.isFinite(value) || value < 0 || /e/i.test(text)) {
    throw new Error(`${what} must be a plain non-negative number, got ${text}`);
  }
  return text;
}

function effectiveLevel(query: LogQuery): string | undefined {
  return query.level ?? (query.view === 'level' ? 'error' : undefined);
}

/** `{…}` plus the level matcher when level is a stream label. */
function streamSelector(selector: LabelMatcher[], query: LogQuery): string {
  if (!selector.some(m => m.value !== '')) {
    throw new Error('A log stream selector needs a non-empty matcher');
  }
  const level = effectiveLevel(query);
  const matchers =
    level !== undefined && (query.levelSource ?? 'label') === 'label'
      ? [...selector, { name: 'level', op: '=' as const, value: level }]
      : selector;
  return `{${formatMatchers(matchers)}}`;
}

/**
 * Line filters first (cheapest, before parsing), then `| json` when a JSON field is filtered,
 * then the label filters.
 */
function pipeline(query: LogQuery, forceJson = false): string {
  const parts: string[] = [];
  const contains = [...(query.contains ?? [])];
  if (query.view === 'errors' || query.view === 'errorCount')
    contains.unshift('error');
  for (const text of contains) parts.push(`|= ${quoted(text)}`);
  for (const text of query.notContains ?? []) parts.push(`!= ${quoted(text)}`);

  const filters: string[] = [];
  const level = effectiveLevel(query);
  if (level !== undefined && query.levelSource === 'json') {
    filters.push(`level=${quoted(level)}`);
  }
  const fields = { ...query.fields };
  if (query.view === 'user' && fields.user_id === undefined) {
    throw new Error('The user view needs a user_id');
  }
  for (const field of LOG_FIELDS) {
    const value = fields[field];
    if (value !== undefined) filters.push(`${field}=${quoted(value)}`);
  }
  const minDuration =
    query.minDurationMs ??
    (query.view === 'slow' ? DEFAULT_SLOW_MS : undefined);
  if (minDuration !== undefined) {
    filters.push(`duration_ms > ${logqlNumber(minDuration, 'minDurationMs')}`);
  }
  if (filters.length || forceJson) parts.push('| json');
  for (const filter of filters) parts.push(`| ${filter}`);
  return parts.join(' ');
}

function logSelection(selector: LabelMatcher[], query: LogQuery, json = false) {
  const pipe = pipeline(query, json);
  return pipe
    ? `${streamSelector(selector, query)} ${pipe}`
    : streamSelector(selector, query);
}

function rangeSeconds(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(`A LogQL range must be whole seconds > 0, got ${seconds}`);
  }
  return `[${seconds}s]`;
}

/**
 * The LogQL of a view with its filters. `logs` views give a log query; the `errorCount` view
 * gives `sum by (app) (count_over_time(… |= "error" [window]))` with the guide's 5m window unless
 * `windowSeconds` is given.
 * @public
 */
export function buildLogQuery(
  selector: LabelMatcher[],
  query: LogQuery,
  windowSeconds: number = DEFAULT_COUNT_WINDOW_SECONDS,
): string {
  const selection = logSelection(selector, query);
  if (LOG_VIEWS[query.view].kind === 'metric') {
    return `sum by (app) (count_over_time(${selection} ${rangeSeconds(
      windowSeconds,
    )}))`;
  }
  return selection;
}

/**
 * Lines per level per step for the volume histogram above the lines:
 * `sum by (level) (count_over_time(<selection> [<step>s]))`. A JSON level needs `| json`.
 * @public
 */
export function buildLogVolumeQuery(
  selector: LabelMatcher[],
  query: LogQuery,
  stepSeconds: number,
): string {
  const selection = logSelection(selector, query, query.levelSource === 'json');
  return `sum by (level) (count_over_time(${selection} ${rangeSeconds(
    stepSeconds,
  )}))`;
}
