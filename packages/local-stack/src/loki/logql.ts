import { parser } from '@grafana/lezer-logql';

/** A node of the lezer tree (typed from the parser, so @lezer/common need not be a dependency). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** A LogQL error Loki answers with 400 and a plain-text body. */
export class LogQLError extends Error {}

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export type Stage =
  | { kind: 'line'; op: '|=' | '!=' | '|~' | '!~'; value: string }
  | { kind: 'json' }
  | { kind: 'label'; matcher: LabelMatcher }
  | {
      kind: 'number';
      name: string;
      op: '>' | '>=' | '<' | '<=' | '==' | '!=';
      value: number;
    };

export interface LogQuery {
  kind: 'log';
  selector: LabelMatcher[];
  stages: Stage[];
}

export interface MetricQuery {
  kind: 'metric';
  fn: 'count_over_time' | 'rate';
  rangeMs: number;
  log: LogQuery;
  /** `sum(...)` (by = []) or `sum by (...) (...)`; absent = no aggregation. */
  sumBy?: string[];
}

export type Query = LogQuery | MetricQuery;

const MATCH_OPS: Record<string, MatchOp> = {
  Eq: '=',
  Neq: '!=',
  Re: '=~',
  Nre: '!~',
};
const LINE_OPS: Record<string, '|=' | '!=' | '|~' | '!~'> = {
  PipeExact: '|=',
  Neq: '!=',
  PipeMatch: '|~',
  Nre: '!~',
};
const NUMBER_OPS: Record<string, '>' | '>=' | '<' | '<=' | '==' | '!='> = {
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  CmpEq: '==',
  Eql: '==',
  Neq: '!=',
};

const RANGE_OPS: Record<string, MetricQuery['fn'] | undefined> = {
  CountOverTime: 'count_over_time',
  Rate: 'rate',
};

function unsupported(node: SyntaxNode, text: string): never {
  throw new LogQLError(
    `${node.name} (${JSON.stringify(
      text.slice(node.from, node.to),
    )}) is not supported by the Loki-API stand-in`,
  );
}

/** `"..."` (Go-style escapes, close enough to JSON's) or a raw `` `...` `` string. */
function stringValue(node: SyntaxNode, text: string): string {
  const raw = text.slice(node.from, node.to);
  if (raw.startsWith('`')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw new LogQLError(`invalid string ${raw}`);
  }
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function only(node: SyntaxNode, text: string, name: string): SyntaxNode {
  const found = node.getChild(name);
  if (!found) unsupported(node, text);
  return found;
}

function matcher(node: SyntaxNode, text: string): LabelMatcher {
  const [id, op, value] = children(node);
  if (!id || id.name !== 'Identifier' || !op || !MATCH_OPS[op.name] || !value)
    unsupported(node, text);
  if (value.name !== 'String') unsupported(value, text);
  return {
    name: text.slice(id.from, id.to),
    op: MATCH_OPS[op.name],
    value: stringValue(value, text),
  };
}

function matchers(node: SyntaxNode, text: string, out: LabelMatcher[]) {
  for (const c of children(node)) {
    if (c.name === 'Matchers') matchers(c, text, out);
    else if (c.name === 'Matcher') out.push(matcher(c, text));
    else unsupported(c, text);
  }
  return out;
}

function lineFilters(node: SyntaxNode, text: string, out: Stage[]) {
  for (const c of children(node)) {
    if (c.name === 'LineFilters') lineFilters(c, text, out);
    else if (c.name === 'LineFilter') {
      const [filter, value, ...rest] = children(c);
      const opNode = filter?.firstChild;
      if (!opNode || !LINE_OPS[opNode.name] || value?.name !== 'String')
        unsupported(c, text);
      if (rest.length) unsupported(rest[0], text);
      out.push({
        kind: 'line',
        op: LINE_OPS[opNode.name],
        value: stringValue(value, text),
      });
    } else unsupported(c, text);
  }
}

function labelFilter(node: SyntaxNode, text: string): Stage {
  const [inner, ...rest] = children(node);
  if (!inner || rest.length) unsupported(node, text);
  if (inner.name === 'Matcher')
    return { kind: 'label', matcher: matcher(inner, text) };
  if (inner.name === 'NumberFilter') {
    const [id, op, literal, ...more] = children(inner);
    if (
      id?.name !== 'Identifier' ||
      !op ||
      !NUMBER_OPS[op.name] ||
      literal?.name !== 'LiteralExpr' ||
      more.length
    )
      unsupported(inner, text);
    const num = only(literal, text, 'Number');
    return {
      kind: 'number',
      name: text.slice(id.from, id.to),
      op: NUMBER_OPS[op.name],
      value: Number(text.slice(num.from, num.to)),
    };
  }
  return unsupported(inner, text);
}

function pipeline(node: SyntaxNode, text: string, out: Stage[]) {
  for (const c of children(node)) {
    if (c.name === 'PipelineExpr') pipeline(c, text, out);
    else if (c.name === 'PipelineStage') {
      for (const s of children(c)) {
        if (s.name === 'Pipe') continue;
        if (s.name === 'LineFilters') lineFilters(s, text, out);
        else if (s.name === 'LabelParser') {
          const kind = s.firstChild;
          if (kind?.name !== 'Json' || kind.nextSibling) unsupported(s, text);
          out.push({ kind: 'json' });
        } else if (s.name === 'LabelFilter') out.push(labelFilter(s, text));
        else unsupported(s, text);
      }
    } else unsupported(c, text);
  }
}

function logQuery(node: SyntaxNode, text: string, allowRange = false) {
  const query: LogQuery = { kind: 'log', selector: [], stages: [] };
  let rangeMs: number | undefined;
  for (const c of children(node)) {
    if (c.name === 'Selector') {
      for (const m of children(c)) {
        if (m.name === 'Matchers') matchers(m, text, query.selector);
        else unsupported(m, text);
      }
    } else if (c.name === 'PipelineExpr') pipeline(c, text, query.stages);
    else if (c.name === 'Range' && allowRange) {
      const d = only(c, text, 'Duration');
      rangeMs = durationMs(text.slice(d.from, d.to));
    } else unsupported(c, text);
  }
  if (query.selector.length === 0)
    throw new LogQLError(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
  return { query, rangeMs };
}

function rangeAggregation(node: SyntaxNode, text: string): MetricQuery {
  const [op, ...rest] = children(node);
  const fnNode = op?.firstChild;
  const fn = RANGE_OPS[fnNode?.name ?? ''];
  if (!fn) unsupported(op ?? node, text);
  if (rest.length !== 1 || rest[0].name !== 'LogRangeExpr')
    unsupported(rest[1] ?? node, text);
  const { query, rangeMs } = logQuery(rest[0], text, true);
  if (rangeMs === undefined) unsupported(rest[0], text);
  return { kind: 'metric', fn, rangeMs, log: query };
}

function metric(node: SyntaxNode, text: string): MetricQuery {
  const [inner, ...rest] = children(node);
  if (!inner || rest.length) unsupported(node, text);
  if (inner.name === 'RangeAggregationExpr')
    return rangeAggregation(inner, text);
  if (inner.name !== 'VectorAggregationExpr') unsupported(inner, text);
  let sumBy: string[] = [];
  let nested: MetricQuery | undefined;
  for (const c of children(inner)) {
    if (c.name === 'VectorOp') {
      if (c.firstChild?.name !== 'Sum') unsupported(c, text);
    } else if (c.name === 'Grouping') {
      if (!c.getChild('By')) unsupported(c, text);
      const labels = c.getChild('Labels');
      sumBy = labels
        ? labels.getChildren('Identifier').map(i => text.slice(i.from, i.to))
        : [];
    } else if (c.name === 'MetricExpr') nested = metric(c, text);
    else unsupported(c, text);
  }
  if (!nested || nested.sumBy) unsupported(inner, text);
  return { ...nested, sumBy };
}

/** Loki's column of the first syntax error, 1-based as its parse errors count. */
function parseError(query: string, at: number): LogQLError {
  const before = query.slice(0, at);
  const line = before.split('\n').length;
  const col = at - before.lastIndexOf('\n');
  const next = query.slice(at).trim();
  const unexpected = next ? next.split(/\s+/)[0] : '$end';
  return new LogQLError(
    `parse error at line ${line}, col ${col}: syntax error: unexpected ${unexpected}`,
  );
}

/**
 * Parses a LogQL query with the official lezer grammar (@grafana/lezer-logql) and keeps only what
 * the stand-in evaluates; any other valid construct is rejected by name, never guessed at.
 */
export function parseLogQL(text: string): Query {
  const tree = parser.parse(text);
  let errorAt: number | undefined;
  tree.iterate({
    enter: n => {
      if (errorAt === undefined && n.type.isError) errorAt = n.from;
      return errorAt === undefined;
    },
  });
  if (errorAt !== undefined || !text.trim())
    throw parseError(text, errorAt ?? 0);
  const expr = tree.topNode.firstChild;
  const inner = expr?.firstChild;
  if (!expr || !inner || inner.nextSibling) throw parseError(text, 0);
  if (inner.name === 'LogExpr') return logQuery(inner, text).query;
  if (inner.name === 'MetricExpr') return metric(inner, text);
  return unsupported(inner, text);
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** A Prometheus-style duration (`5m`, `1h30m`) in milliseconds. */
export function durationMs(text: string): number {
  const re = /(\d+)(ms|s|m|h|d|w|y)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * UNITS[m[2]];
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0)
    throw new LogQLError(`invalid duration ${JSON.stringify(text)}`);
  return total;
}
