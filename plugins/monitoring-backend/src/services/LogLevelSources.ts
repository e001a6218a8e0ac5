import { LogLevelSource } from '@internal/plugin-monitoring-common';
import { LokiClient, LokiInstance } from '@internal/plugin-monitoring-node';

/** How long the answer for one entity is reused: promtail config changes rarely. */
const DEFAULT_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Where `level` lives in an entity's streams: a stream label when the guide's promtail promoted
 * it (Loki knows `level` values for the entity's selector in the range), else a JSON field.
 * Asked once a minute per entity and instance; concurrent askers share one request.
 */
export class LogLevelSources {
  private readonly known = new Map<
    string,
    { source: LogLevelSource; expires: number }
  >();
  private readonly inFlight = new Map<string, Promise<LogLevelSource>>();

  private constructor(
    private readonly loki: Pick<LokiClient, 'labelValues'>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  static create(options: {
    loki: Pick<LokiClient, 'labelValues'>;
    ttlMs?: number;
    /** Clock in ms, injectable for tests. */
    now?: () => number;
  }): LogLevelSources {
    return new LogLevelSources(
      options.loki,
      options.ttlMs ?? DEFAULT_TTL_MS,
      options.now ?? Date.now,
    );
  }

  async forEntity(
    instance: LokiInstance,
    entityRef: string,
    selector: string,
    range: { startNs: bigint; endNs: bigint },
  ): Promise<LogLevelSource> {
    const key = JSON.stringify([instance.name, entityRef, selector]);
    const cached = this.known.get(key);
    if (cached && cached.expires > this.now()) return cached.source;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = (async () => {
      const levels = await this.loki.labelValues(instance, {
        label: 'level',
        query: selector,
        start: range.startNs.toString(),
        end: range.endNs.toString(),
      });
      const source: LogLevelSource = levels.length ? 'label' : 'json';
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(key, { source, expires: this.now() + this.ttlMs });
      return source;
    })();
    this.inFlight.set(key, lookup);
    try {
      return await lookup;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
