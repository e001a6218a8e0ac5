import { LogLine } from '@internal/plugin-monitoring-common';
import { LokiStream } from '@internal/plugin-monitoring-node';
import { createHash } from 'node:crypto';

/** Compares two unix-nanosecond strings (no leading zeros) numerically. */
export function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map(k => [k, labels[k]]),
  );
}

/** 72 bits of sha256, base64url: unique among one entity's lines, short enough for a cursor. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === null || typeof value !== 'object'
    ? String(value)
    : JSON.stringify(value);
}

/** The JSON object of a line, or undefined for a non-JSON line (a panic, a plain-text logger). */
function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function toLogLine(
  id: string,
  timestampNs: string,
  labels: Record<string, string>,
  line: string,
): LogLine {
  const json = parseJsonLine(line);
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(json ?? {})) {
    fields[key] = asString(value);
  }
  const message = json?.message ?? json?.msg;
  const level = labels.level || (json && fields.level) || undefined;
  return {
    id,
    timestampNs,
    labels,
    ...(level !== undefined && { level }),
    message: typeof message === 'string' ? message : line,
    fields,
    line,
  };
}

/**
 * The lines of a streams answer, newest first, parsed. A line's id hashes its timestamp, stream
 * labels, text and its occurrence among identical entries, so the same line has the same id on
 * every page (the cursor drops already shown lines by id). Ties on the nanosecond are ordered by
 * id, so the order does not depend on the order of Loki's streams.
 */
export function toLogLines(streams: LokiStream[]): LogLine[] {
  const seen = new Map<string, number>();
  const lines: LogLine[] = [];
  for (const stream of streams) {
    const key = labelsKey(stream.stream);
    for (const [ts, line] of stream.values) {
      const base = `${ts}\n${key}\n${line}`;
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      lines.push(
        toLogLine(shortHash(`${base}\n${occurrence}`), ts, stream.stream, line),
      );
    }
  }
  return lines.sort(
    (a, b) =>
      compareNs(b.timestampNs, a.timestampNs) || a.id.localeCompare(b.id, 'en'),
  );
}
