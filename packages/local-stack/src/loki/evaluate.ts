import type { LabelMatcher, LogQuery, MetricQuery, Stage } from './logql.ts';
import { streamKey, type LogStream, type StoredEntry } from './store.ts';

/*
 * Loki compiles regexes with Go's RE2; JS RegExp is close for the patterns a Logs tab sends, but
 * differs at the edges (RE2 has no backreferences or lookaround; JS has no (?i) inline flag).
 * Label matchers are fully anchored in Loki (as in Prometheus); line filters are not.
 * RE2's leading flag group (`(?i)memory|oom`, as the runbooks' OOM filter writes it) becomes
 * the JS flags; other inline flag positions are left to fail as JS does.
 */
export function goRegExp(pattern: string, anchor = false): RegExp {
  const flags = /^\(\?([ims]+)\)/.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  return new RegExp(
    anchor ? `^(?:${body})$` : body,
    flags ? [...new Set(flags[1])].join('') : '',
  );
}

function anchored(pattern: string): RegExp {
  return goRegExp(pattern, true);
}

export function matches(
  m: LabelMatcher,
  labels: Record<string, string>,
): boolean {
  const value = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return anchored(m.value).test(value);
    default:
      return !anchored(m.value).test(value);
  }
}

/** Loki's json parser: nested keys joined with `_`, scalars as strings; a label clash gets `_extracted`. */
function flatten(
  value: unknown,
  prefix: string,
  out: Record<string, string>,
): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value))
      flatten(v, prefix ? `${prefix}_${k}` : k, out);
  } else if (prefix && !Array.isArray(value)) {
    out[prefix] = value === null ? '' : String(value);
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    default:
      return a !== b;
  }
}

/** Runs one line through the pipeline: the labels it leaves with, or undefined when filtered out. */
function runPipeline(
  stages: Stage[],
  line: string,
  streamLabels: Record<string, string>,
): Record<string, string> | undefined {
  let labels = streamLabels;
  for (const stage of stages) {
    if (stage.kind === 'line') {
      const hit =
        stage.op === '|=' || stage.op === '!='
          ? line.includes(stage.value)
          : goRegExp(stage.value).test(line);
      if (hit !== (stage.op === '|=' || stage.op === '|~')) return undefined;
    } else if (stage.kind === 'json') {
      labels = { ...labels };
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        labels.__error__ = 'JSONParserErr';
        continue;
      }
      const extracted: Record<string, string> = {};
      flatten(parsed, '', extracted);
      for (const [k, v] of Object.entries(extracted)) {
        const name = k.replace(/[^a-zA-Z0-9_]/g, '_');
        labels[name in streamLabels ? `${name}_extracted` : name] = v;
      }
    } else if (stage.kind === 'label') {
      if (!matches(stage.matcher, labels)) return undefined;
    } else {
      // Loki drops a line without the label, and keeps one whose value is not a number with __error__.
      const raw = labels[stage.name];
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) {
        labels = { ...labels, __error__: 'LabelFilterErr' };
        continue;
      }
      if (!compare(stage.op, n, stage.value)) return undefined;
    }
  }
  return labels;
}

interface Selected {
  labels: Record<string, string>;
  /** The labels' stream key, the tie-break between streams at one timestamp. */
  key: string;
  entry: StoredEntry;
}

/** What a query read, for the answer's `stats`. */
export interface ScanStats {
  streams: number;
  lines: number;
  bytes: number;
}

export function emptyScan(): ScanStats {
  return { streams: 0, lines: 0, bytes: 0 };
}

/**
 * Entries with `start <= ts < end` that pass the query; `scan` counts what was read. The reference
 * (query_range): start — "Loki returns results with timestamp greater or equal to this value";
 * end — "Loki returns results with timestamp lower than this value".
 */
function select(
  query: LogQuery,
  streams: LogStream[],
  start: bigint,
  end: bigint,
  scan: ScanStats,
): Selected[] {
  const out: Selected[] = [];
  for (const stream of streams) {
    if (!query.selector.every(m => matches(m, stream.labels))) continue;
    scan.streams++;
    for (const entry of stream.entries) {
      if (entry.ts < start || entry.ts >= end) continue;
      scan.lines++;
      scan.bytes += Buffer.byteLength(entry.line);
      const labels = runPipeline(query.stages, entry.line, stream.labels);
      if (labels) out.push({ labels, key: streamKey(labels), entry });
    }
  }
  return out;
}

/**
 * The stand-in's total order of log entries ("forward"): timestamp, then the answer's stream labels
 * (the sorted label set, compared as a string), then push order. "backward" is its exact reverse,
 * so a page boundary among lines sharing one nanosecond is the same on every call.
 */
function forwardOrder(a: Selected, b: Selected): number {
  if (a.entry.ts !== b.entry.ts) return a.entry.ts < b.entry.ts ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.entry.seq - b.entry.seq;
}

export interface StreamsResult {
  resultType: 'streams';
  result: Array<{ stream: Record<string, string>; values: [string, string][] }>;
}

/**
 * A log query as Loki answers it: the `limit` newest (backward) or oldest (forward) entries across
 * all streams, grouped by their labels after the pipeline, each stream's values in that direction.
 */
export function evaluateLogQuery(
  query: LogQuery,
  streams: LogStream[],
  opts: {
    start: bigint;
    end: bigint;
    limit: number;
    direction: 'backward' | 'forward';
  },
  scan: ScanStats = emptyScan(),
): StreamsResult {
  const sign = opts.direction === 'backward' ? -1 : 1;
  const picked = select(query, streams, opts.start, opts.end, scan)
    .sort((a, b) => sign * forwardOrder(a, b))
    .slice(0, opts.limit);
  const grouped = new Map<string, StreamsResult['result'][number]>();
  for (const { labels, key, entry } of picked) {
    let s = grouped.get(key);
    if (!s) {
      s = { stream: labels, values: [] };
      grouped.set(key, s);
    }
    s.values.push([entry.ts.toString(), entry.line]);
  }
  return { resultType: 'streams', result: [...grouped.values()] };
}

export interface MatrixResult {
  resultType: 'matrix';
  result: Array<{ metric: Record<string, string>; values: [number, string][] }>;
}

/**
 * A metric query at each step from start to end (inclusive): count_over_time counts the entries in
 * (t - range, t], rate divides that by the range in seconds; a step without entries has no point,
 * as in Loki. `sum by (...)` then adds the series sharing those labels.
 */
export function evaluateMetricQuery(
  query: MetricQuery,
  streams: LogStream[],
  opts: { start: bigint; end: bigint; stepMs: number },
  scan: ScanStats = emptyScan(),
): MatrixResult {
  const rangeNs = BigInt(query.rangeMs) * 1_000_000n;
  const stepNs = BigInt(Math.round(opts.stepMs * 1e6));
  const entries = select(
    query.log,
    streams,
    opts.start - rangeNs,
    opts.end + 1n,
    scan,
  );
  const series = new Map<
    string,
    { metric: Record<string, string>; points: Map<bigint, number> }
  >();
  for (const { labels, entry } of entries) {
    let metric = labels;
    if (query.sumBy) {
      metric = {};
      for (const name of query.sumBy)
        if (labels[name] !== undefined && labels[name] !== '')
          metric[name] = labels[name];
    }
    const key = streamKey(metric);
    let s = series.get(key);
    if (!s) {
      s = { metric, points: new Map() };
      series.set(key, s);
    }
    // Every step t with t - range < ts <= t counts this entry.
    const behind = entry.ts - opts.start;
    let t =
      behind <= 0n
        ? opts.start
        : opts.start + ((behind + stepNs - 1n) / stepNs) * stepNs;
    for (; t <= opts.end && t < entry.ts + rangeNs; t += stepNs)
      s.points.set(t, (s.points.get(t) ?? 0) + 1);
  }
  const seconds = query.rangeMs / 1000;
  return {
    resultType: 'matrix',
    result: [...series.values()].map(s => ({
      metric: s.metric,
      values: [...s.points.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([t, count]) => [
          Number(t / 1_000_000n) / 1000,
          String(query.fn === 'rate' ? count / seconds : count),
        ]),
    })),
  };
}

export interface VectorResult {
  resultType: 'vector';
  result: Array<{ metric: Record<string, string>; value: [number, string] }>;
}

/** A metric query at one instant `time`: the matrix's single step, as a vector. */
export function evaluateInstantQuery(
  query: MetricQuery,
  streams: LogStream[],
  time: bigint,
  scan: ScanStats = emptyScan(),
): VectorResult {
  const matrix = evaluateMetricQuery(
    query,
    streams,
    { start: time, end: time, stepMs: 1000 },
    scan,
  );
  return {
    resultType: 'vector',
    result: matrix.result
      .filter(s => s.values.length)
      .map(s => ({ metric: s.metric, value: s.values[0] })),
  };
}
