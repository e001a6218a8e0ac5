import { parser } from '@prometheus-io/lezer-promql';
import { RE2JS } from 're2js';

/** One label matcher of a PromQL selector, value decoded. */
export interface SelectorMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Decodes a PromQL string literal: "..." and '...' with Go escapes, `...` raw. */
function decodeStringLiteral(literal: string): string {
  const quote = literal[0];
  const inner = literal.slice(1, -1);
  if (quote === '`') return inner;
  return inner.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, esc) => {
    switch (esc[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'u':
      case 'x':
        return String.fromCharCode(parseInt(esc.slice(1), 16));
      default:
        return esc;
    }
  });
}

/** The label matchers of every vector selector in a PromQL expression (official grammar). */
export function selectorMatchers(expr: string): SelectorMatcher[][] {
  const tree = parser.parse(expr);
  const selectors: SelectorMatcher[][] = [];
  tree.iterate({
    enter: node => {
      if (node.name !== 'VectorSelector') return;
      const matchers: SelectorMatcher[] = [];
      const cursor = node.node.cursor();
      cursor.iterate(child => {
        if (
          child.name !== 'UnquotedLabelMatcher' &&
          child.name !== 'QuotedLabelMatcher'
        ) {
          return;
        }
        const nameNode =
          child.node.getChild('LabelName') ??
          child.node.getChild('QuotedLabelName');
        const opNode = child.node.getChild('MatchOp');
        const valueNode = child.node.getChild('StringLiteral');
        if (!nameNode || !opNode || !valueNode) return;
        const rawName = expr.slice(nameNode.from, nameNode.to);
        matchers.push({
          name:
            nameNode.name === 'QuotedLabelName'
              ? decodeStringLiteral(rawName)
              : rawName,
          op: expr.slice(opNode.from, opNode.to) as SelectorMatcher['op'],
          value: decodeStringLiteral(expr.slice(valueNode.from, valueNode.to)),
        });
      });
      selectors.push(matchers);
    },
  });
  return selectors;
}

/**
 * Prometheus' regex matchers are RE2, fully anchored. They run here in RE2's linear-time engine
 * (re2js), not JavaScript's backtracking one: rule text is written by others and a pattern like
 * `(a+)+$` must not stall the backend on an annotation value. undefined = cannot tell (a pattern
 * RE2 refuses).
 */
function matches(m: SelectorMatcher, value: string): boolean | undefined {
  if (m.op === '=') return value === m.value;
  if (m.op === '!=') return value !== m.value;
  let re: RE2JS;
  try {
    re = RE2JS.compile(m.value);
  } catch {
    return undefined;
  }
  const full = re.matches(value);
  return m.op === '=~' ? full : !full;
}

/**
 * Whether a rule expression watches the entity whose identifying labels are `labels` (e.g.
 * namespace, job, service): some selector positively selects the entity (an `=`/`=~` matcher
 * on one of those labels accepts the entity's value) and none of that selector's matchers on
 * those labels reject it. So `up{job="festivals-api"}` watches festivals-api and not the
 * worker, a rule over `namespace="festivals-production"` watches every service there, and a
 * rule that names none of the labels watches nobody in particular.
 */
export function expressionWatches(
  expr: string,
  labels: Record<string, string>,
): boolean {
  return selectorMatchers(expr).some(selector => {
    let positive = false;
    for (const m of selector) {
      const value = labels[m.name];
      if (value === undefined) continue;
      const result = matches(m, value);
      if (result === false) return false;
      if (result === true && (m.op === '=' || m.op === '=~')) positive = true;
    }
    return positive;
  });
}
