import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * JSON log lines in the platform's format (monitoring guide, "Application Log Format"): `time`,
 * `level`, `msg`, then request fields (`method`, `path`, `status`, `duration_ms`, `user_id`,
 * `request_id`, `trace_id`). Promtail parses `level` and `time` from them for Loki. `trace_id` is
 * the active span's trace id (tracing.ts), so a log line leads to its trace.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export type Logger = (
  level: Level,
  msg: string,
  fields?: Record<string, string | number | null | undefined>,
) => void;

/** The trace id of the span active where the line is logged, if any. */
function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  const spanContext = span?.spanContext();
  return spanContext && isSpanContextValid(spanContext)
    ? spanContext.traceId
    : undefined;
}

export function createLogger(
  write: (line: string) => void = line => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): Logger {
  return (level, msg, fields = {}) => {
    const defined = Object.fromEntries(
      Object.entries({ ...fields, trace_id: fields.trace_id ?? activeTraceId() }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    write(
      JSON.stringify({ time: now().toISOString(), level, msg, ...defined }),
    );
  };
}
