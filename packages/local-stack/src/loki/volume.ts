import { matches } from './evaluate.ts';
import type { LabelMatcher } from './logql.ts';
import { streamKey, type LogStream } from './store.ts';

export interface VolumeOptions {
  start: bigint;
  end: bigint;
  limit: number;
  /** `targetLabels`: aggregate into these labels instead of the selector's. */
  targetLabels?: string[];
  aggregateBy: 'series' | 'labels';
}

/**
 * `index/volume` as the reference describes it: for the streams the selector matches, the bytes
 * in [start, end) summed per combination of the selector's label names (or `targetLabels`), or per
 * label name with `aggregateBy=labels`; largest first, then by name, at most `limit` series, as
 * Loki's seriesvolume sorts them. Loki counts chunk bytes; the stand-in counts line bytes.
 */
export function evaluateVolume(
  selector: LabelMatcher[],
  streams: LogStream[],
  opts: VolumeOptions,
): Array<{ metric: Record<string, string>; bytes: number }> {
  const names = opts.targetLabels?.length
    ? opts.targetLabels
    : [...new Set(selector.map(m => m.name))];
  const volumes = new Map<
    string,
    { metric: Record<string, string>; bytes: number }
  >();
  const add = (metric: Record<string, string>, bytes: number) => {
    const key = streamKey(metric);
    const v = volumes.get(key) ?? { metric, bytes: 0 };
    v.bytes += bytes;
    volumes.set(key, v);
  };
  for (const stream of streams) {
    if (!selector.every(m => matches(m, stream.labels))) continue;
    let bytes = 0;
    for (const e of stream.entries)
      if (e.ts >= opts.start && e.ts < opts.end)
        bytes += Buffer.byteLength(e.line);
    if (!bytes) continue;
    const present = names.filter(n => stream.labels[n] !== undefined);
    if (opts.aggregateBy === 'labels') {
      for (const n of present) add({ [n]: '' }, bytes);
    } else if (present.length) {
      add(Object.fromEntries(present.map(n => [n, stream.labels[n]])), bytes);
    }
  }
  return [...volumes.entries()]
    .sort(([ka, a], [kb, b]) => {
      if (a.bytes !== b.bytes) return b.bytes - a.bytes;
      return ka < kb ? -1 : 1;
    })
    .slice(0, opts.limit)
    .map(([, v]) => v);
}
