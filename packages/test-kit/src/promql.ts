import { parser } from '@prometheus-io/lezer-promql';

/** Test helpers reading PromQL with the official grammar, independent of how the code builds it. */

export interface Selector {
  metric: string;
  matchers: Array<{ name: string; op: string; value: string }>;
}

/** Every vector selector of an expression with its decoded label matchers. */
export function selectorsOf(expr: string): Selector[] {
  const out: Selector[] = [];
  let current: Selector | undefined;
  let matcher: { name: string; op: string; value: string } | undefined;
  parser.parse(expr).iterate({
    enter: node => {
      const text = expr.slice(node.from, node.to);
      if (node.name === 'VectorSelector') {
        current = { metric: '', matchers: [] };
        out.push(current);
      } else if (current && node.name === 'Identifier' && !current.metric) {
        current.metric = text;
      } else if (current && node.name === 'UnquotedLabelMatcher') {
        matcher = { name: '', op: '', value: '' };
        current.matchers.push(matcher);
      } else if (matcher && node.name === 'LabelName') {
        matcher.name = text;
      } else if (matcher && node.name === 'MatchOp') {
        matcher.op = text;
      } else if (matcher && node.name === 'StringLiteral') {
        matcher.value = JSON.parse(text);
      }
    },
    leave: node => {
      if (node.name === 'VectorSelector') current = undefined;
      if (node.name === 'UnquotedLabelMatcher') matcher = undefined;
    },
  });
  return out;
}

const COMPARISONS = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);

/** The constants the expression compares against, in order (`a > 0.05 and b == 0` → [0.05, 0]). */
export function comparedConstants(expr: string): number[] {
  const out: number[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: node => {
      if (node.name !== 'BinaryExpr') return;
      const children: Array<{ name: string; text: string }> = [];
      const c = node.node.cursor();
      if (c.firstChild()) {
        do children.push({ name: c.name, text: expr.slice(c.from, c.to) });
        while (c.nextSibling());
      }
      const op = children.findIndex(ch => COMPARISONS.has(ch.name));
      const rhs = op >= 0 ? children[op + 1] : undefined;
      if (rhs && rhs.name === 'NumberDurationLiteral')
        out.push(Number(rhs.text));
    },
  });
  return out;
}

/** The expression with label matchers and whitespace removed: its shape. */
export function shapeOf(expr: string): string {
  return expr.replace(/\{[^}]*\}/g, '').replace(/\s+/g, '');
}
