import { formatMatchers, LabelMatcher } from './escaping';

/**
 * The guide's `grep -i "memory\|oom"` as a LogQL line filter: case-insensitive RE2, so Loki
 * returns exactly the lines the guide's command would print.
 * @public
 */
export const OOM_LINE_FILTER = '|~ "(?i)memory|oom"';

/**
 * LogQL of a runbook log step over the entity's streams: the memory/OOM lines, or every line
 * (the worker's recent lines).
 * @public
 */
export function buildDiagnosticLogQuery(
  selector: LabelMatcher[],
  kind: 'oomLogs' | 'workerLogs',
): string {
  if (!selector.some(m => m.value !== '')) {
    throw new Error('A log stream selector needs a non-empty matcher');
  }
  const stream = `{${formatMatchers(selector)}}`;
  return kind === 'oomLogs' ? `${stream} ${OOM_LINE_FILTER}` : stream;
}

/** The same filter on text read from the Kubernetes API. @public */
export function isOomLine(line: string): boolean {
  return /memory|oom/i.test(line);
}
