import { LogLine, MAX_LOG_LINES } from '@internal/plugin-monitoring-common';

/**
 * Appends an older page under the lines already shown: a line already there (same id) is not
 * repeated, and the list keeps at most `max` lines, the newest ones.
 */
export function appendOlder(
  current: LogLine[],
  older: LogLine[],
  max: number = MAX_LOG_LINES,
): { lines: LogLine[]; capped: boolean } {
  const seen = new Set(current.map(l => l.id));
  const merged = [...current];
  for (const line of older) {
    if (!seen.has(line.id)) {
      seen.add(line.id);
      merged.push(line);
    }
  }
  return merged.length >= max
    ? { lines: merged.slice(0, max), capped: true }
    : { lines: merged, capped: false };
}
