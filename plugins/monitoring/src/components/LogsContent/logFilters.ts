import {
  LOG_FIELDS,
  LOG_VIEWS,
  LogField,
  LogsRequest,
  LogViewId,
} from '@internal/plugin-monitoring-common';

/**
 * The Logs tab's view and filters, as they live in the URL next to the shared time range, so a
 * pivot link or a link pasted in the incident channel reproduces the same lines.
 */
export interface LogFilters {
  view: LogViewId;
  contains: string[];
  notContains: string[];
  level?: string;
  fields: Partial<Record<LogField, string>>;
  /** The `slow` view's threshold; its default is {@link DEFAULT_SLOW_MS}. */
  minDurationMs?: number;
}

/** The guide's threshold for slow requests. */
export const DEFAULT_SLOW_MS = 1000;
/** The `level` view without a chosen level shows errors, as the guide's query does. */
export const DEFAULT_LEVEL = 'error';

/** URL names: the same as the backend's query parameters. */
const fieldParam = (field: LogField) => `fields[${field}]`;
const FILTER_PARAMS = [
  'view',
  'contains',
  'notContains',
  'level',
  'minDurationMs',
  ...LOG_FIELDS.map(fieldParam),
];

function isView(value: string | null): value is LogViewId {
  return (
    value !== null && Object.prototype.hasOwnProperty.call(LOG_VIEWS, value)
  );
}

export function filtersFromParams(params: URLSearchParams): LogFilters {
  const view = params.get('view');
  const fields: LogFilters['fields'] = {};
  for (const field of LOG_FIELDS) {
    const value = params.get(fieldParam(field));
    if (value !== null && value !== '') fields[field] = value;
  }
  const duration = Number(params.get('minDurationMs') ?? NaN);
  return {
    view: isView(view) ? view : 'all',
    contains: params.getAll('contains').filter(t => t !== ''),
    notContains: params.getAll('notContains').filter(t => t !== ''),
    level: params.get('level') || undefined,
    fields,
    minDurationMs:
      Number.isFinite(duration) && duration >= 0 ? duration : undefined,
  };
}

/** Writes the filters into the URL parameters, keeping the others (range, refresh). */
export function filtersToParams(
  filters: LogFilters,
  params: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of FILTER_PARAMS) next.delete(name);
  if (filters.view !== 'all') next.set('view', filters.view);
  for (const text of filters.contains) next.append('contains', text);
  for (const text of filters.notContains) next.append('notContains', text);
  if (filters.level) next.set('level', filters.level);
  for (const field of LOG_FIELDS) {
    const value = filters.fields[field];
    if (value !== undefined) next.set(fieldParam(field), value);
  }
  if (filters.minDurationMs !== undefined)
    next.set('minDurationMs', String(filters.minDurationMs));
  return next;
}

/**
 * The request for the filters, or undefined while the view still needs input (the `user` view
 * without a user_id). View defaults are made explicit so the request says what is shown.
 */
export function toLogsRequest(
  entityRef: string,
  filters: LogFilters,
  range: { start: number; end: number },
): LogsRequest | undefined {
  if (filters.view === 'user' && !filters.fields.user_id) return undefined;
  const request: LogsRequest = {
    entityRef,
    view: filters.view,
    start: range.start,
    end: range.end,
  };
  if (filters.contains.length) request.contains = filters.contains;
  if (filters.notContains.length) request.notContains = filters.notContains;
  const level =
    filters.level ?? (filters.view === 'level' ? DEFAULT_LEVEL : undefined);
  if (level) request.level = level;
  if (Object.keys(filters.fields).length) request.fields = filters.fields;
  if (filters.view === 'slow')
    request.minDurationMs = filters.minDurationMs ?? DEFAULT_SLOW_MS;
  return request;
}

/** Adds (or replaces) `field = value`; `level` is its own filter, the others JSON fields. */
export function addFieldFilter(
  filters: LogFilters,
  field: LogField | 'level',
  value: string,
): LogFilters {
  if (field === 'level') return { ...filters, level: value };
  return { ...filters, fields: { ...filters.fields, [field]: value } };
}
