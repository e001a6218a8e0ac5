import { ApiError } from './status.ts';

/**
 * Label and field selectors as apimachinery parses them (k8s.io/apimachinery pkg/labels and
 * pkg/fields): `key`, `!key`, `key=v`, `key==v`, `key!=v`, `key in (a,b)`, `key notin (a,b)`,
 * `key>1`, `key<1` for labels; `key=v`, `key==v`, `key!=v` for fields. `!=` and `notin` match
 * objects without the key, as Kubernetes does.
 */
export type LabelRequirement =
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

// A label value, and a key's name part: at most 63 characters, alphanumeric at both ends.
const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelError(selector: string, why: string) {
  return new ApiError(
    'BadRequest',
    `unable to parse requested label selector "${selector}": ${why}`,
  );
}

function checkKey(selector: string, key: string) {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    !name ||
    name.length > 63 ||
    !NAME.test(name) ||
    (prefix !== undefined &&
      (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
  )
    throw labelError(
      selector,
      `invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
}

function checkValue(selector: string, value: string) {
  if (value.length > 63 || !NAME.test(value))
    throw labelError(
      selector,
      `invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
}

type Token = { kind: 'id' | 'op' | '(' | ')' | ',' | 'end'; text: string };

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const c = selector[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c });
      i++;
    } else if ('!=<>'.includes(c)) {
      const two = selector.slice(i, i + 2);
      const op = two === '!=' || two === '==' ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      let j = i;
      while (j < selector.length && !/[\s(),!=<>]/.test(selector[j])) j++;
      tokens.push({ kind: 'id', text: selector.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

/** Parses a label selector; an empty one selects everything. Throws a 400 `ApiError`. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const tokens = tokenize(selector);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const expect = (kind: Token['kind'], what: string) => {
    const t = next();
    if (t.kind !== kind)
      throw labelError(selector, `found '${t.text}', expected: ${what}`);
    return t;
  };
  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return requirements;
  for (;;) {
    if (peek().kind === 'op' && peek().text === '!') {
      next();
      const key = expect('id', "identifier after '!'").text;
      checkKey(selector, key);
      requirements.push({ key, op: '!' });
    } else {
      const key = expect('id', 'identifier').text;
      checkKey(selector, key);
      const t = peek();
      if (t.kind === ',' || t.kind === 'end') {
        requirements.push({ key, op: 'exists' });
      } else if (t.kind === 'op') {
        next();
        if (t.text === '!')
          throw labelError(
            selector,
            "found '!', expected: '=', '!=', '==', 'in', notin'",
          );
        if (t.text === '<' || t.text === '>') {
          const raw = expect('id', 'integer value').text;
          if (!/^-?\d+$/.test(raw))
            throw labelError(
              selector,
              `for 'Gt', 'Lt' operators, the value must be an integer`,
            );
          requirements.push({
            key,
            op: t.text === '>' ? 'gt' : 'lt',
            value: Number(raw),
          });
        } else {
          // `key=` selects an empty value.
          const value = peek().kind === 'id' ? next().text : '';
          checkValue(selector, value);
          requirements.push({
            key,
            op: t.text === '!=' ? 'notin' : 'in',
            values: [value],
          });
        }
      } else if (t.kind === 'id' && (t.text === 'in' || t.text === 'notin')) {
        next();
        expect('(', "'('");
        const values: string[] = [];
        for (;;) {
          const value = peek().kind === 'id' ? next().text : '';
          checkValue(selector, value);
          values.push(value);
          const sep = next();
          if (sep.kind === ')') break;
          if (sep.kind !== ',')
            throw labelError(
              selector,
              `found '${sep.text}', expected: ',' or ')'`,
            );
        }
        requirements.push({ key, op: t.text, values });
      } else {
        throw labelError(
          selector,
          `found '${t.text}', expected: '=', '!=', '==', 'in', notin'`,
        );
      }
    }
    const sep = next();
    if (sep.kind === 'end') return requirements;
    if (sep.kind !== ',')
      throw labelError(
        selector,
        `found '${sep.text}', expected: ',' or 'end of string'`,
      );
  }
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(l[r.key])) return false;
        const n = Number(l[r.key]);
        return r.op === 'gt' ? n > r.value : n < r.value;
      }
      default:
        return false;
    }
  });
}

/** Splits on an unescaped separator; `\` escapes `,`, `=`, `!` and itself, as fields.ParseSelector does. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '\\' && i + 1 < selector.length) {
      current += c + selector[++i];
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else current += c;
  }
  terms.push(current);
  return terms;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/**
 * Parses a field selector against the fields a resource supports; an unknown field is the
 * API server's 400 `field label not supported: <field>`.
 */
export function parseFieldSelector(
  selector: string,
  supported: ReadonlySet<string>,
): FieldRequirement[] {
  if (!selector.trim()) return [];
  return splitTerms(selector).map(term => {
    const m = /^((?:[^\\=!]|\\.)*)(!=|==|=)(.*)$/.exec(term);
    if (!m)
      throw new ApiError(
        'BadRequest',
        `invalid field selector "${selector}": invalid selector: '${term}'; can't understand '${term}'`,
      );
    const field = unescape(m[1].trim());
    if (!supported.has(field))
      throw new ApiError('BadRequest', `field label not supported: ${field}`);
    return { field, op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]) };
  });
}

export function matchesFields(
  requirements: FieldRequirement[],
  fieldOf: (field: string) => string | undefined,
): boolean {
  return requirements.every(r => {
    const v = fieldOf(r.field) ?? '';
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}
