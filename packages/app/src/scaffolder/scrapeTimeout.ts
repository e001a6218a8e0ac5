import { parseDuration } from '@internal/plugin-monitoring-common';

/**
 * Prometheus refuses a scrape config whose timeout is longer than its interval; say so on the
 * form, before Review, rather than when the manifests are applied. Undefined when the pair is
 * fine or a value is not a duration yet (the field's own pattern check reports that).
 */
export function scrapeTimeoutProblem(
  timeout: unknown,
  interval: unknown,
): string | undefined {
  if (typeof timeout !== 'string' || typeof interval !== 'string')
    return undefined;
  const timeoutSeconds = parseDuration(timeout);
  const intervalSeconds = parseDuration(interval);
  if (timeoutSeconds === undefined || intervalSeconds === undefined)
    return undefined;
  if (timeoutSeconds > intervalSeconds)
    return `The scrape timeout (${timeout}) must not be longer than the scrape interval (${interval})`;
  return undefined;
}
