import type { z } from 'zod';
import {
  MonitoringMetrics,
  Upstream,
  UpstreamOutcome,
} from '../metrics/MonitoringMetrics';
import type { UpstreamInstance } from '../config/readInstances';
import { BodyTooLargeError, readBody } from './readBody';
import { redactSecrets } from './redactSecrets';
import { UpstreamRequestError } from './UpstreamRequestError';

/**
 * How one upstream kind words its failures. `where` is e.g. `Prometheus at http://p:9090`.
 *
 * @public
 */
export interface UpstreamPhrases {
  /** `Prometheus`, `Alertmanager`, … */
  label: string;
  /** Next step after a timeout, e.g. `Try a shorter time range.` */
  timeoutAdvice: string;
  /**
   * The message for a non-2xx answer; `body` is its parsed JSON (undefined when not JSON), `text`
   * the raw body (Loki answers errors in text/plain).
   */
  httpError(answer: {
    where: string;
    status: number;
    body: unknown;
    text: string;
    method: string;
    path: string;
  }): string;
  /** The message for a 2xx answer that is not the expected JSON. */
  malformed(where: string, endpoint: string): string;
}

/**
 * One request to an upstream.
 *
 * @public
 */
export interface UpstreamRequest<T> {
  /** Metrics label: a fixed name per API call (never ids or queries). */
  endpoint: string;
  method?: 'GET' | 'POST' | 'DELETE';
  /** Appended to the instance's baseUrl, query string included. */
  path: string;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** The 2xx answer must match this before anything is returned (or cached by a caller). */
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /**
   * Cancels the request (e.g. the caller turned out not to be allowed): the upstream connection
   * is closed and the promise rejects with an `aborted` error.
   */
  signal?: AbortSignal;
}

function errorOutcome(error: unknown): UpstreamOutcome {
  return error instanceof UpstreamRequestError ? error.outcome : 'unreachable';
}

function requestBody(request: UpstreamRequest<unknown>): string | undefined {
  if (request.form) return new URLSearchParams(request.form).toString();
  if (request.json !== undefined) return JSON.stringify(request.json);
  return undefined;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` as seconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${bytes} bytes`;
}

/**
 * The one HTTP helper every upstream client uses: a timeout covering the whole exchange (body
 * included), a cap on the body size, JSON parsing, validation of the answer against the
 * caller's schema, one error class whose message says which upstream failed, why and what to do,
 * and `monitoring_upstream_*` metrics for every request.
 *
 * @public
 */
export class UpstreamHttpClient {
  private constructor(
    private readonly upstream: Upstream,
    private readonly phrases: UpstreamPhrases,
    private readonly metrics: MonitoringMetrics,
  ) {}

  static create(options: {
    upstream: Upstream;
    phrases: UpstreamPhrases;
    metrics: MonitoringMetrics;
  }): UpstreamHttpClient {
    return new UpstreamHttpClient(
      options.upstream,
      options.phrases,
      options.metrics,
    );
  }

  /** Sends one request; resolves with the validated answer, rejects with {@link UpstreamRequestError}. */
  request<T>(
    instance: UpstreamInstance,
    request: UpstreamRequest<T>,
  ): Promise<T> {
    return this.metrics.track(
      this.upstream,
      request.endpoint,
      () => this.send(instance, request),
      errorOutcome,
    );
  }

  private fail(
    outcome: Exclude<UpstreamOutcome, 'ok'>,
    message: string,
    status?: number,
    retryAfter?: number,
  ): UpstreamRequestError {
    return new UpstreamRequestError({
      message,
      upstream: this.upstream,
      outcome,
      status,
      retryAfterSeconds: retryAfter,
    });
  }

  private async send<T>(
    instance: UpstreamInstance,
    request: UpstreamRequest<T>,
  ): Promise<T> {
    const where = `${this.phrases.label} at ${instance.baseUrl}`;
    const method = request.method ?? (request.form ? 'POST' : 'GET');
    const timeout = AbortSignal.timeout(instance.timeoutMs);
    const cap = new AbortController();
    const signal = AbortSignal.any([
      timeout,
      cap.signal,
      ...(request.signal ? [request.signal] : []),
    ]);
    const cancelled = () =>
      this.fail(
        'aborted',
        `${where}: the request was cancelled (${String(
          request.signal?.reason ?? 'aborted',
        )})`,
      );
    request.signal?.throwIfAborted();
    const timedOut = () =>
      this.fail(
        'timeout',
        `${where} did not answer within ${instance.timeoutMs / 1000}s. ${
          this.phrases.timeoutAdvice
        }`,
      );
    const unreachable = (e: unknown) => {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      return this.fail(
        'unreachable',
        `${where} is unreachable${
          code ? ` (${code})` : ''
        }. Check that it is running and that monitoring.${
          this.upstream
        }.instances has the right baseUrl.`,
      );
    };

    let response: Response;
    try {
      response = await fetch(`${instance.baseUrl}${request.path}`, {
        method,
        headers: {
          ...instance.headers,
          Accept: 'application/json',
          ...(request.form && {
            'Content-Type': 'application/x-www-form-urlencoded',
          }),
          ...(request.json !== undefined && {
            'Content-Type': 'application/json',
          }),
        },
        body: requestBody(request),
        signal,
      });
    } catch (e) {
      if (request.signal?.aborted) throw cancelled();
      throw timeout.aborted ? timedOut() : unreachable(e);
    }

    let text: string;
    try {
      text = await readBody(response, instance.maxResponseBytes, () =>
        cap.abort(),
      );
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        throw this.fail(
          'too_large',
          `${where} answered with more than ${mebibytes(
            instance.maxResponseBytes,
          )} (maxResponseBytes of monitoring.${this.upstream}.instances[${
            instance.name
          }]). Narrow the request, or raise maxResponseBytes.`,
          response.status,
        );
      }
      if (request.signal?.aborted) throw cancelled();
      throw timeout.aborted ? timedOut() : unreachable(e);
    }
    const body = parseJson(text);

    if (!response.ok) {
      const status = response.status;
      throw this.fail(
        status >= 500 ? 'server_error' : 'client_error',
        redactSecrets(
          this.phrases.httpError({
            where,
            status,
            body,
            text,
            method,
            path: request.path.split('?')[0],
          }),
          Object.values(instance.headers),
        ),
        status,
        retryAfterSeconds(response.headers.get('retry-after')),
      );
    }

    const parsed = request.schema.safeParse(body);
    if (!parsed.success) {
      throw this.fail(
        'malformed',
        this.phrases.malformed(where, request.endpoint),
        response.status,
      );
    }
    return parsed.data;
  }
}
