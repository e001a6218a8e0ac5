/**
 * JSON log lines in the platform's format (monitoring guide, "Application Log Format"): `time`,
 * `level`, `msg`, then request fields (`method`, `path`, `status`, `duration_ms`, `user_id`,
 * `request_id`, `trace_id`). Promtail parses `level` and `time` from them for Loki.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export type Logger = (
  level: Level,
  msg: string,
  fields?: Record<string, string | number | undefined>,
) => void;

export function createLogger(
  write: (line: string) => void = line => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): Logger {
  return (level, msg, fields = {}) => {
    const defined = Object.fromEntries(
      Object.entries(fields).filter(([, v]) => v !== undefined),
    );
    write(
      JSON.stringify({ time: now().toISOString(), level, msg, ...defined }),
    );
  };
}
