import type { Upstream, UpstreamOutcome } from '../metrics/MonitoringMetrics';

/**
 * A failed upstream request, phrased for the person looking at the page: which upstream and
 * instance URL, what happened (status), what to try next. Never carries headers.
 *
 * @public
 */
export class UpstreamRequestError extends Error {
  readonly name = 'UpstreamRequestError';
  readonly upstream: Upstream;
  readonly outcome: Exclude<UpstreamOutcome, 'ok'>;
  /** The upstream's HTTP status, when it answered. */
  readonly status?: number;
  /** The upstream's `Retry-After` in seconds (429, 503), when it sent one. */
  readonly retryAfterSeconds?: number;

  constructor(options: {
    message: string;
    upstream: Upstream;
    outcome: Exclude<UpstreamOutcome, 'ok'>;
    status?: number;
    retryAfterSeconds?: number;
  }) {
    super(options.message);
    this.upstream = options.upstream;
    this.outcome = options.outcome;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
