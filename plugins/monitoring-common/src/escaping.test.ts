import { parser } from '@prometheus-io/lezer-promql';
import { escapeLabelValue, formatMatchers, regexLiteral } from './escaping';
import { PANEL_CATALOG } from './panels';

/** Parse PromQL with the official grammar; collect error nodes and decoded string literals. */
function parsePromQL(query: string) {
  const tree = parser.parse(query);
  const errors: number[] = [];
  const strings: string[] = [];
  tree.iterate({
    enter: node => {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'StringLiteral') {
        // A PromQL double-quoted string has Go string semantics, which JSON decoding matches for
        // the escapes we emit (\\, \", \n, \r).
        strings.push(JSON.parse(query.slice(node.from, node.to)));
      }
    },
  });
  return { errors, strings };
}

const hostile = [
  'plain',
  'with "quotes"',
  'back\\slash',
  'new\nline',
  '"} or vector(1) or {a="',
  '\\"',
  'unicode ✓ é',
];

describe('label value escaping', () => {
  it.each(hostile)('keeps %j a single label value that round-trips', value => {
    const query = `up{${formatMatchers([{ name: 'job', op: '=', value }])}}`;
    const { errors, strings } = parsePromQL(query);
    expect(errors).toEqual([]);
    expect(strings).toEqual([value]);
  });

  it('escapes backslash before quote so the quote stays escaped', () => {
    expect(escapeLabelValue('\\"')).toBe('\\\\\\"');
  });

  it('makes a regex literal match only the literal text', () => {
    const literal = '/api/v1/festivals.(id)+';
    const re = new RegExp(`^(?:${regexLiteral(literal)})$`);
    expect(re.test(literal)).toBe(true);
    expect(re.test('/api/v1/festivalsX(id)')).toBe(false);
    const query = `up{${formatMatchers([
      { name: 'path', op: '=~', value: regexLiteral(literal) },
    ])}}`;
    const { errors, strings } = parsePromQL(query);
    expect(errors).toEqual([]);
    expect(strings).toEqual([regexLiteral(literal)]);
  });

  it('rejects label names outside the Prometheus grammar', () => {
    expect(() =>
      formatMatchers([{ name: 'a"b', op: '=', value: 'x' }]),
    ).toThrow(/Invalid Prometheus label name/);
  });
});

describe('panel catalog queries', () => {
  const scope = {
    matchers: [
      { name: 'namespace', op: '=' as const, value: 'festivals-production' },
      { name: 'job', op: '=' as const, value: 'evil"} or vector(1) #\n' },
    ],
    rateWindow: '5m',
    rateInterval: '2m',
  };

  it.each(PANEL_CATALOG.map(p => [p.id, p]))(
    '%s parses and stays scoped',
    (_id, panel) => {
      const query = panel.query(scope);
      const { errors, strings } = parsePromQL(query);
      expect(errors).toEqual([]);
      // Every selector in the query carries the entity's job value verbatim.
      const jobValues = strings.filter(s => s === scope.matchers[1].value);
      expect(jobValues.length).toBeGreaterThan(0);
      expect(strings).toContain('festivals-production');
    },
  );

  it('has unique ids', () => {
    const ids = PANEL_CATALOG.map(p => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
