import {
  LogLine,
  LogsRequest,
  LogsResponse,
  LogVolumeResponse,
} from '@internal/plugin-monitoring-common';

// Fixture lines for working on the Logs tab alone: one line every 7 s, every tenth an error.
const LEVELS = [
  'info',
  'info',
  'info',
  'warn',
  'info',
  'info',
  'debug',
  'info',
  'info',
  'error',
];

function lineAt(seconds: number): LogLine {
  const n = Math.floor(seconds / 7);
  const level = LEVELS[n % LEVELS.length];
  const fields: Record<string, string> = {
    level,
    message: level === 'error' ? 'Ticket purchase failed' : 'Request handled',
    request_id: `req-${n}`,
    trace_id: `trace${n.toString(16)}`,
    path: '/api/festivals',
    status: level === 'error' ? '500' : '200',
    user_id: `user-${n % 17}`,
    duration_ms: String((n * 37) % 2400),
  };
  return {
    id: `fixture-${n}`,
    timestampNs: `${n * 7}000000000`,
    labels: { namespace: 'festivals-production', app: 'festivals-api', level },
    level,
    message: fields.message,
    fields,
    line: JSON.stringify(fields),
  };
}

export function fixtureLogs(request: LogsRequest): LogsResponse {
  const limit = request.limit ?? 1000;
  const top = request.cursor ? Number(request.cursor) : request.end;
  const lines: LogLine[] = [];
  let t = Math.floor(top / 7) * 7;
  for (; t >= request.start && lines.length < limit; t -= 7) {
    if (t < top || !request.cursor) lines.push(lineAt(t));
  }
  return {
    entityRef: request.entityRef,
    loki: 'fixture',
    query: `{namespace="festivals-production", app="festivals-api"} (${request.view})`,
    start: request.start,
    end: request.end,
    lines,
    nextCursor: t >= request.start ? String(t + 7) : undefined,
    levelSource: 'label',
    links: { traceUrlTemplate: 'http://localhost:16686/trace/{traceId}' },
  };
}

export function fixtureVolume(request: LogsRequest): LogVolumeResponse {
  const step = Math.max(60, Math.ceil((request.end - request.start) / 120));
  const series = ['info', 'warn', 'debug', 'error'].map(level => ({
    level,
    points: [] as Array<[number, number]>,
  }));
  for (
    let t = Math.ceil(request.start / step) * step;
    t <= request.end;
    t += step
  ) {
    const perStep = step / 7;
    series[0].points.push([t, Math.round(perStep * 0.7)]);
    series[1].points.push([t, Math.round(perStep * 0.1)]);
    series[2].points.push([t, Math.round(perStep * 0.1)]);
    series[3].points.push([t, Math.round(perStep * 0.1)]);
  }
  return {
    entityRef: request.entityRef,
    loki: 'fixture',
    query: 'sum by (level) (count_over_time(…))',
    start: request.start,
    end: request.end,
    step,
    series,
  };
}
