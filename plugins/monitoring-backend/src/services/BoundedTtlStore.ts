/**
 * An in-process key/value store with a time to live per entry and a budget in bytes: when the
 * budget is exceeded the oldest entries go first, and an expired entry is dropped when read. Used
 * where Backstage's memory cache would only drop an entry when the same key is read again, so
 * answers for windows nobody asks twice (old incident ranges, log pages) cannot pile up.
 */
export class BoundedTtlStore<V> {
  /** Insertion order = age: Map iterates oldest first. */
  private readonly entries = new Map<
    string,
    { value: V; bytes: number; expires: number }
  >();
  private bytes = 0;

  private constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
    private readonly now: () => number,
  ) {}

  static create<V>(options: {
    maxBytes: number;
    /** Estimated bytes the value holds in memory. */
    sizeOf: (value: V) => number;
    /** Clock in ms, injectable for tests. */
    now?: () => number;
  }): BoundedTtlStore<V> {
    return new BoundedTtlStore<V>(
      options.maxBytes,
      options.sizeOf,
      options.now ?? Date.now,
    );
  }

  /** Bytes held now (estimated). */
  get heldBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.delete(key);
    return undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    const bytes = this.sizeOf(value);
    this.delete(key);
    if (bytes > this.maxBytes) return; // would evict everything for one answer
    this.entries.set(key, { value, bytes, expires: this.now() + ttlMs });
    this.bytes += bytes;
    for (const oldestKey of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldestKey);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** Rough in-memory size of a JSON value: its text twice (UTF-16) plus per-entry overhead. */
export function jsonBytes(value: unknown): number {
  return JSON.stringify(value).length * 2 + 256;
}
