/**
 * PromQL string escaping. Label values are double-quoted PromQL strings, so `\`, `"` and newlines
 * must be escaped (same rules as grafana-prometheus `src/escaping.ts`). A value meant to be matched
 * literally by a regex matcher first has its RE2 metacharacters escaped with {@link regexLiteral}.
 */

import { isValidLabelName } from './labelNames';

/** Escape a value for a double-quoted PromQL string. @public */
export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** An RE2 regex that matches `value` literally (for `=~` / `!~`). @public */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** @public */
export type LabelMatcherOp = '=' | '!=' | '=~' | '!~';

/** @public */
export interface LabelMatcher {
  name: string;
  op: LabelMatcherOp;
  value: string;
}

/**
 * Render matchers as the inside of a PromQL selector: `a="x",b=~"y"`.
 * Every value is string-escaped; label names are checked.
 * @public
 */
export function formatMatchers(matchers: LabelMatcher[]): string {
  return matchers
    .map(m => {
      if (!isValidLabelName(m.name)) {
        throw new Error(`Invalid Prometheus label name '${m.name}'`);
      }
      return `${m.name}${m.op}"${escapeLabelValue(m.value)}"`;
    })
    .join(',');
}
