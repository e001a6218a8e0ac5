import fs from 'node:fs';
import type { PodState } from './clusterState.ts';
import { ApiError } from './status.ts';

/** `GET .../pods/{name}/log` parameters the stand-in honours (PodLogOptions). */
export interface PodLogOptions {
  container?: string;
  previous: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  timestamps: boolean;
}

/** Only the newest part of a workload's log file is read: enough for any tail a runbook asks for. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw))
    throw new ApiError(
      'BadRequest',
      `unable to parse ${name}: strconv.ParseInt: parsing "${raw}": invalid syntax`,
    );
  return Number(raw);
}

/** Query booleans as the API server converts them (Go's strconv.ParseBool); absent is false. */
function bool(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null) return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new ApiError(
    'BadRequest',
    `unable to parse ${name}: strconv.ParseBool: parsing "${raw}": invalid syntax`,
  );
}

/** Parses and validates the options as the API server does (400 for syntax, 422 for values). */
export function parsePodLogOptions(
  pod: string,
  query: URLSearchParams,
): PodLogOptions {
  const invalid = (field: string, value: unknown, why: string) =>
    new ApiError(
      'Invalid',
      `PodLogOptions "${pod}" is invalid: ${field}: Invalid value: ${value}: ${why}`,
    );
  const tailLines = integer(query, 'tailLines');
  const limitBytes = integer(query, 'limitBytes');
  const sinceSeconds = integer(query, 'sinceSeconds');
  const sinceTimeRaw = query.get('sinceTime');
  let sinceTime: number | undefined;
  if (sinceTimeRaw !== null) {
    sinceTime = Date.parse(sinceTimeRaw);
    if (Number.isNaN(sinceTime))
      throw new ApiError(
        'BadRequest',
        `unable to parse sinceTime: "${sinceTimeRaw}" is not an RFC 3339 time`,
      );
  }
  if (tailLines !== undefined && tailLines < 0)
    throw invalid('tailLines', tailLines, 'must be greater than or equal to 0');
  if (limitBytes !== undefined && limitBytes < 1)
    throw invalid('limitBytes', limitBytes, 'must be greater than 0');
  if (sinceSeconds !== undefined && sinceSeconds < 1)
    throw invalid('sinceSeconds', sinceSeconds, 'must be greater than 0');
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    throw new ApiError(
      'Invalid',
      `PodLogOptions "${pod}" is invalid: sinceSeconds: Forbidden: at most one of sinceTime or sinceSeconds may be specified`,
    );
  return {
    container: query.get('container') ?? undefined,
    previous: bool(query, 'previous'),
    tailLines,
    limitBytes,
    sinceSeconds,
    sinceTime,
    timestamps: bool(query, 'timestamps'),
  };
}

interface LogLine {
  /** ms since the epoch, when the line carries a `time`. */
  time?: number;
  text: string;
}

function readTail(file: string): string[] {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, MAX_READ_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (length < size) lines.shift(); // a partial first line
    lines.pop(); // what follows the last newline: empty, or a line still being written
    return lines.filter(l => l.length > 0);
  } finally {
    fs.closeSync(fd);
  }
}

function parsed(text: string): LogLine {
  try {
    const time = Date.parse((JSON.parse(text) as { time?: string }).time ?? '');
    return Number.isNaN(time) ? { text } : { time, text };
  } catch {
    return { text };
  }
}

/** What a fresh container of the service prints: replicas without the workload's log file say just this. */
function startupLines(p: PodState, at: number): LogLine[] {
  const line = (msg: string, extra: Record<string, unknown> = {}) => ({
    time: at,
    text: JSON.stringify({
      time: new Date(at).toISOString(),
      level: 'info',
      msg,
      service: p.pod.service,
      pod: p.pod.pod,
      ...extra,
    }),
  });
  return [
    line('Starting', { node_env: 'production' }),
    line('Server listening', { port: 8080 }),
  ];
}

/**
 * The lines of one container instance: the workload's own JSON log for the first pod of a
 * service (the one the Loki stand-in labels them with), generated start-up lines for the other
 * replicas; `previous` is the instance before the last restart.
 */
export function podLogText(
  p: PodState,
  options: PodLogOptions,
  logFile: string | undefined,
  now: number,
): string {
  if (options.container !== undefined && options.container !== p.pod.container)
    throw new ApiError(
      'BadRequest',
      `container ${options.container} is not valid for pod ${p.pod.pod}`,
    );
  let from: number;
  let to: number;
  if (options.previous) {
    if (!p.lastTermination)
      throw new ApiError(
        'BadRequest',
        `previous terminated container "${p.pod.container}" in pod "${p.pod.pod}" not found`,
      );
    // The first instance's log is everything the workload wrote, from before the stand-in started.
    from =
      p.lastTermination.startedAt <= p.createdAt
        ? -Infinity
        : p.lastTermination.startedAt;
    to = p.lastTermination.finishedAt;
  } else {
    if (p.waitingReason)
      throw new ApiError(
        'BadRequest',
        `container "${p.pod.container}" in pod "${p.pod.pod}" is waiting to start: ${p.waitingReason}`,
      );
    // The first instance's log is everything the workload wrote, from before the stand-in started.
    from = p.lastTermination ? p.containerStartedAt : -Infinity;
    to = Infinity;
  }
  const own =
    p.ordinal === 0 && logFile ? readTail(logFile).map(parsed) : undefined;
  let lines = own
    ? own.filter(
        l =>
          l.time === undefined ||
          (l.time >= Math.floor(from / 1000) * 1000 && l.time <= to),
      )
    : startupLines(p, Number.isFinite(from) ? from : p.createdAt);
  const since =
    options.sinceSeconds !== undefined
      ? now - options.sinceSeconds * 1000
      : options.sinceTime;
  if (since !== undefined)
    lines = lines.filter(l => l.time === undefined || l.time >= since);
  if (options.tailLines !== undefined)
    lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
  let text = lines
    .map(l =>
      options.timestamps
        ? `${new Date(l.time ?? now).toISOString().replace('Z', '000000Z')} ${
            l.text
          }\n`
        : `${l.text}\n`,
    )
    .join('');
  if (options.limitBytes !== undefined) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > options.limitBytes)
      text = bytes.subarray(0, options.limitBytes).toString('utf8');
  }
  return text;
}
