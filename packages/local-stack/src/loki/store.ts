/** One log line; `ts` in nanoseconds since the epoch (Loki's resolution). */
export interface LogEntry {
  ts: bigint;
  line: string;
}

/** An entry as stored: `seq` is its push order, which breaks ties between equal timestamps. */
export interface StoredEntry extends LogEntry {
  seq: number;
}

export interface LogStream {
  labels: Record<string, string>;
  /** Oldest first; equal timestamps in push order. */
  entries: StoredEntry[];
}

export interface StoreLimits {
  /** Entries kept across all streams (default 200 000); the oldest go first. */
  maxEntries?: number;
  /** Entries older than this (ms, default 1 h) are dropped on push. */
  maxAgeMs?: number;
}

/** Loki identifies a stream by its sorted label set. */
export function streamKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.entries(labels).sort(([a], [b]) => a.localeCompare(b, 'en')),
  );
}

/** In-memory streams, bounded so a long `./scripts/run` does not grow without limit. */
export class LogStore {
  readonly #streams = new Map<string, LogStream>();
  readonly #maxEntries: number;
  readonly #maxAgeNs: bigint;
  #count = 0;
  #seq = 0;

  constructor(limits: StoreLimits = {}) {
    this.#maxEntries = limits.maxEntries ?? 200_000;
    this.#maxAgeNs = BigInt(limits.maxAgeMs ?? 3_600_000) * 1_000_000n;
  }

  push(labels: Record<string, string>, entries: LogEntry[]): void {
    const key = streamKey(labels);
    let stream = this.#streams.get(key);
    if (!stream) {
      stream = { labels: { ...labels }, entries: [] };
      this.#streams.set(key, stream);
    }
    for (const entry of entries) {
      // Binary search: clients may push out of order, and a stream stays sorted by time.
      const list = stream.entries;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].ts <= entry.ts) lo = mid + 1;
        else hi = mid;
      }
      // Loki drops an exact duplicate (same timestamp and line) silently.
      let dup = false;
      for (let i = lo - 1; i >= 0 && list[i].ts === entry.ts; i--)
        if (list[i].line === entry.line) dup = true;
      if (dup) continue;
      list.splice(lo, 0, { ts: entry.ts, line: entry.line, seq: this.#seq++ });
      this.#count++;
    }
    this.#trim();
  }

  streams(): LogStream[] {
    return [...this.#streams.values()];
  }

  get size(): number {
    return this.#count;
  }

  #trim() {
    const cutoff = BigInt(Date.now()) * 1_000_000n - this.#maxAgeNs;
    for (const [key, s] of this.#streams) {
      let n = 0;
      while (n < s.entries.length && s.entries[n].ts < cutoff) n++;
      if (n) {
        s.entries.splice(0, n);
        this.#count -= n;
      }
      if (!s.entries.length) this.#streams.delete(key);
    }
    while (this.#count > this.#maxEntries) {
      let oldest: [string, LogStream] | undefined;
      for (const e of this.#streams)
        if (!oldest || e[1].entries[0].ts < oldest[1].entries[0].ts) oldest = e;
      if (!oldest) break;
      oldest[1].entries.shift();
      this.#count--;
      if (!oldest[1].entries.length) this.#streams.delete(oldest[0]);
    }
  }
}
