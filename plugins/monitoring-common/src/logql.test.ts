import { parser } from '@grafana/lezer-logql';
import { ANNOTATION_LOKI_APP } from './annotations';
import { LabelMatcher } from './escaping';
import {
  buildLogQuery,
  buildLogVolumeQuery,
  entityLogMatchers,
  isLogsAvailable,
  LOG_FIELDS,
  LOG_VIEWS,
  LogField,
  LogQuery,
  LogViewId,
} from './logql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'festivals-api', annotations },
});

const festivals = entityLogMatchers(
  entity({
    'monitoring.festivals.io/job': 'festivals-api',
    'monitoring.festivals.io/namespace': 'festivals-production',
  }),
)!;

/** Go's strconv.Unquote for the literals LogQL accepts (written from the Go spec, not the builder). */
function decodeGoString(literal: string): string {
  if (literal.startsWith('`')) {
    if (!literal.endsWith('`') || literal.length < 2) throw new Error(literal);
    return literal.slice(1, -1);
  }
  if (!literal.startsWith('"') || !literal.endsWith('"') || literal.length < 2)
    throw new Error(`not a string literal: ${literal}`);
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
    '"': '"',
  };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') throw new Error('raw newline in a double-quoted string');
    if (c === '"') throw new Error('unescaped quote inside the string');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in simple) out += simple[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = { x: 2, u: 4, U: 8 }[e];
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}

function errorsOf(query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: n => {
      if (n.type.isError) errors.push(`at ${n.from}: ${query.slice(n.from)}`);
    },
  });
  return errors;
}

const text = (query: string, node: SyntaxNode) =>
  query.slice(node.from, node.to);

function matcherOf(query: string, node: SyntaxNode): LabelMatcher {
  const name = node.getChild('Identifier')!;
  const value = node.getChild('String')!;
  const op = text(query, name.nextSibling!);
  return {
    name: text(query, name),
    op: op as LabelMatcher['op'],
    value: decodeGoString(text(query, value)),
  };
}

/** The parsed query's stream matchers, line filters and label-filter matchers. */
function structureOf(query: string) {
  const tree = parser.parse(query);
  const selector: LabelMatcher[] = [];
  const lineFilters: Array<[string, string]> = [];
  const labelFilters: LabelMatcher[] = [];
  const numberFilters: string[] = [];
  tree.iterate({
    enter: ref => {
      const node = ref.node;
      if (ref.name === 'Matcher') {
        const inLabelFilter = node.parent?.name === 'LabelFilter';
        (inLabelFilter ? labelFilters : selector).push(matcherOf(query, node));
      } else if (ref.name === 'LineFilter') {
        const filter = node.getChild('Filter')!;
        lineFilters.push([
          text(query, filter.firstChild!),
          decodeGoString(text(query, node.getChild('String')!)),
        ]);
      } else if (ref.name === 'NumberFilter') {
        numberFilters.push(text(query, node));
      }
    },
  });
  return { selector, lineFilters, labelFilters, numberFilters };
}

describe('entityLogMatchers', () => {
  it('uses namespace and app (the job unless the Loki app annotation says otherwise)', () => {
    expect(festivals).toEqual([
      { name: 'namespace', op: '=', value: 'festivals-production' },
      { name: 'app', op: '=', value: 'festivals-api' },
    ]);
    expect(
      entityLogMatchers(
        entity({
          'monitoring.festivals.io/job': 'api',
          [ANNOTATION_LOKI_APP]: 'festivals-api',
        }),
      ),
    ).toEqual([{ name: 'app', op: '=', value: 'festivals-api' }]);
  });

  it('has no selector (and no Logs tab) for an entity with neither annotation', () => {
    const bare = entity({ 'monitoring.festivals.io/loki': 'eu' });
    expect(entityLogMatchers(bare)).toBeUndefined();
    expect(isLogsAvailable(bare)).toBe(false);
    expect(
      isLogsAvailable(entity({ 'monitoring.festivals.io/namespace': 'ns' })),
    ).toBe(true);
  });
});

describe('buildLogQuery', () => {
  const sel = '{namespace="festivals-production",app="festivals-api"}';

  // The guide's "Querying Logs in Grafana", scoped to the entity's streams.
  it.each<[string, LogQuery, string]>([
    ['all logs', { view: 'all' }, sel],
    ['lines containing error', { view: 'errors' }, `${sel} |= "error"`],
    [
      'JSON level filter',
      { view: 'level', levelSource: 'json' },
      `${sel} | json | level="error"`,
    ],
    [
      'a user',
      { view: 'user', fields: { user_id: '12345' } },
      `${sel} | json | user_id="12345"`,
    ],
    [
      'error count by app',
      { view: 'errorCount' },
      `sum by (app) (count_over_time(${sel} |= "error" [300s]))`,
    ],
    ['latency', { view: 'slow' }, `${sel} | json | duration_ms > 1000`],
  ])('%s', (_name, query, expected) => {
    const built = buildLogQuery(festivals, query);
    expect(built).toBe(expected);
    expect(errorsOf(built)).toEqual([]);
  });

  it('puts a label level into the stream selector', () => {
    expect(buildLogQuery(festivals, { view: 'all', level: 'warn' })).toBe(
      '{namespace="festivals-production",app="festivals-api",level="warn"}',
    );
  });

  it('combines every filter, line filters before the parser', () => {
    const built = buildLogQuery(festivals, {
      view: 'slow',
      contains: ['GET'],
      notContains: ['/health'],
      levelSource: 'json',
      level: 'info',
      fields: { path: '/api/festivals', status: '200', trace_id: 'xyz-789' },
      minDurationMs: 250.5,
    });
    expect(built).toBe(
      `${sel} |= "GET" != "/health" | json | level="info" | trace_id="xyz-789" | path="/api/festivals" | status="200" | duration_ms > 250.5`,
    );
    expect(errorsOf(built)).toEqual([]);
  });

  it('refuses what would not be valid LogQL', () => {
    expect(() => buildLogQuery(festivals, { view: 'user' })).toThrow('user_id');
    expect(() =>
      buildLogQuery(festivals, { view: 'all', minDurationMs: 1e21 }),
    ).toThrow('minDurationMs');
    expect(() =>
      buildLogQuery(festivals, { view: 'all', minDurationMs: -1 }),
    ).toThrow('minDurationMs');
    expect(() =>
      buildLogQuery([{ name: 'app', op: '=', value: '' }], { view: 'all' }),
    ).toThrow('non-empty');
    expect(() => buildLogQuery(festivals, { view: 'errorCount' }, 0)).toThrow(
      'whole seconds',
    );
  });
});

describe('buildLogVolumeQuery', () => {
  it('counts lines per level per step, parsing JSON when the level is a field', () => {
    const label = buildLogVolumeQuery(
      festivals,
      { view: 'errors', notContains: ['x'] },
      60,
    );
    expect(label).toBe(
      'sum by (level) (count_over_time({namespace="festivals-production",app="festivals-api"} |= "error" != "x" [60s]))',
    );
    const json = buildLogVolumeQuery(
      festivals,
      { view: 'all', levelSource: 'json' },
      15,
    );
    expect(json).toBe(
      'sum by (level) (count_over_time({namespace="festivals-production",app="festivals-api"} | json [15s]))',
    );
    expect(errorsOf(label)).toEqual([]);
    expect(errorsOf(json)).toEqual([]);
  });
});

// --- Property tests: a seeded generator of hostile strings --------------------------------

/** mulberry32: small, seeded, deterministic. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  ...'"\\`\n\r\t|}{=~!,#.*+?^$()[]/ aZ09-_',
  'é',
  '日本',
  '😀',
  '\u2028',
  '\\"',
  '\\\\n',
  '`"`',
  '"}',
  '} |= "',
];

function hostileString(next: () => number, min = 0): string {
  const length = min + Math.floor(next() * 12);
  let out = '';
  for (let i = 0; i < length; i++)
    out += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return out;
}

describe('LogQL property tests', () => {
  const RUNS = 300;
  const views = Object.keys(LOG_VIEWS) as LogViewId[];

  it('matches filter text literally and keeps the entity selector, whatever the input', () => {
    const next = random(20261127);
    for (let run = 0; run < RUNS; run++) {
      const namespace = hostileString(next, 1);
      const app = hostileString(next);
      const matchers = entityLogMatchers(
        entity({
          'monitoring.festivals.io/namespace': namespace,
          ...(app && { 'monitoring.festivals.io/job': app }),
        }),
      )!;
      const levelSource = next() < 0.5 ? 'label' : 'json';
      const fields: Partial<Record<LogField, string>> = {};
      for (const field of LOG_FIELDS) {
        if (next() < 0.3) fields[field] = hostileString(next);
      }
      const view = views[Math.floor(next() * views.length)];
      if (view === 'user' && fields.user_id === undefined)
        fields.user_id = hostileString(next);
      const query: LogQuery = {
        view,
        contains: [hostileString(next), hostileString(next)],
        notContains: next() < 0.5 ? [hostileString(next)] : [],
        level: next() < 0.5 ? hostileString(next) : undefined,
        levelSource,
        fields,
      };

      for (const built of [
        buildLogQuery(matchers, query, 60),
        buildLogVolumeQuery(matchers, query, 30),
      ]) {
        const where = `run ${run}: ${JSON.stringify(built)}`;
        expect([where, errorsOf(built)]).toEqual([where, []]);
        const parsed = structureOf(built);

        const level = query.level ?? (view === 'level' ? 'error' : undefined);
        const expectedSelector =
          level !== undefined && levelSource === 'label'
            ? [...matchers, { name: 'level', op: '=', value: level }]
            : matchers;
        expect([where, parsed.selector]).toEqual([where, expectedSelector]);

        const expectedLines: Array<[string, string]> = [
          ...(view === 'errors' || view === 'errorCount' ? ['error'] : []),
          ...query.contains!,
        ].map(t => ['|=', t] as [string, string]);
        for (const t of query.notContains!) expectedLines.push(['!=', t]);
        expect([where, parsed.lineFilters]).toEqual([where, expectedLines]);

        const expectedLabels: LabelMatcher[] = [];
        if (level !== undefined && levelSource === 'json')
          expectedLabels.push({ name: 'level', op: '=', value: level });
        for (const field of LOG_FIELDS) {
          if (fields[field] !== undefined)
            expectedLabels.push({
              name: field,
              op: '=',
              value: fields[field]!,
            });
        }
        expect([where, parsed.labelFilters]).toEqual([where, expectedLabels]);
        expect(parsed.numberFilters).toEqual(
          view === 'slow' ? ['duration_ms > 1000'] : [],
        );
      }
    }
  });

  it('decodes the escapes it is given (the checker itself can fail)', () => {
    expect(decodeGoString('"a\\"b\\\\c\\n\\u00e9"')).toBe('a"b\\c\né');
    expect(() => decodeGoString('"a\nb"')).toThrow('raw newline');
    expect(() => decodeGoString('"a"b"')).toThrow('unescaped quote');
    expect(structureOf('{a="b"} |= `c"`').lineFilters).toEqual([['|=', 'c"']]);
    expect(errorsOf('{a="b"} |= `x`y`')).not.toEqual([]);
  });
});
