export interface LokiPusherOptions {
  /** The Loki (or stand-in) base URL. */
  url: string;
  /** Stream labels shared by every line (namespace, app, pod, job). */
  labels: Record<string, string>;
  intervalMs?: number;
}

/**
 * Ships the workload's JSON log lines to Loki's push API in batches, labelled as the guide's
 * promtail config does: its stream labels plus `level` from the JSON, the entry time from `time`.
 */
export function createLokiPusher(options: LokiPusherOptions) {
  let pending: string[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const lines = pending;
    pending = [];
    const streams = new Map<string, [string, string][]>();
    for (const line of lines) {
      let level = '';
      let ms = Date.now();
      try {
        const parsed = JSON.parse(line);
        if (typeof parsed.level === 'string') level = parsed.level;
        if (
          typeof parsed.time === 'string' &&
          !Number.isNaN(Date.parse(parsed.time))
        )
          ms = Date.parse(parsed.time);
      } catch {
        // Not JSON: promtail's json stage extracts nothing; the line still ships.
      }
      const values = streams.get(level) ?? [];
      values.push([(BigInt(ms) * 1_000_000n).toString(), line]);
      streams.set(level, values);
    }
    const body = JSON.stringify({
      streams: [...streams].map(([level, values]) => ({
        // promtail's labels stage sets `level` only when the json stage extracted one.
        stream: level ? { ...options.labels, level } : options.labels,
        values,
      })),
    });
    await fetch(`${options.url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: AbortSignal.timeout(5000),
    }).catch(() => {
      // Loki down: logs are best effort, as with promtail's bounded retries.
    });
  };
  const timer = setInterval(() => void flush(), options.intervalMs ?? 1000);
  return {
    log: (line: string) => {
      pending.push(line);
    },
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
