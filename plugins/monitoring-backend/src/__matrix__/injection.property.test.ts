import { Entity } from '@backstage/catalog-model';
import { parser as logqlParser } from '@grafana/lezer-logql';
import {
  alertScopeMatchers,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  buildDiagnosticLogQuery,
  buildLogQuery,
  buildLogVolumeQuery,
  entityLogMatchers,
  entityMatchers,
  formatAlertmanagerFilter,
  kubernetesTargetOf,
  LOG_FIELDS,
  LOG_VIEWS,
  LogQuery,
  LogViewId,
  PANEL_CATALOG,
  readSloObjectives,
  SilenceMatcher,
  SLO_LATENCY_BUCKETS,
  sloPanels,
  silenceScopeProblem,
} from '@internal/plugin-monitoring-common';
import { monitoredComponent } from '@internal/test-kit';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import fc from 'fast-check';
import { renderQueryTemplate } from '../panels/queryTemplate';

// Property tests on every place the backend turns catalog annotations or request parameters into
// another language: PromQL, Alertmanager matchers, LogQL, Kubernetes selectors. Each generated
// query is read back with the official grammar (never with the code that built it), and the
// scope matchers found there must be exactly the entity's. 10,000 cases per sink.

jest.setTimeout(120_000);

const RUNS = 10_000;
const results: string[] = [];
afterAll(() => {
  process.stdout.write(
    `\ninjection properties: ${results.length}/4 sinks passed\n${results.join(
      '\n',
    )}\n`,
  );
});

/** Strings an attacker would try: quotes, backslashes, newlines, braces, templates, unicode. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '"',
        '\\',
        '\\"',
        '\n',
        '\r',
        '\t',
        '}',
        '{',
        '{{',
        '}}',
        '`',
        "'",
        ',',
        '|',
        '=~',
        '!=',
        '$',
        '$selector',
        '.*',
        '\u0000',
        '\u2028',
        '😀',
        'é',
        '\\n',
        ' or vector(1)',
        '",job=~".*',
        '"} or {__name__=~".+',
        '"} |= "',
      ),
      fc.fullUnicodeString({ maxLength: 4 }),
      fc.string({ maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map(parts => parts.join(''))
  .filter(s => s.length > 0);

/** A Go/PromQL/LogQL double-quoted (or backtick) string literal's value. */
function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  if (!literal.startsWith('"') || !literal.endsWith('"')) {
    throw new Error(`not a string literal: ${literal}`);
  }
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') throw new Error('raw newline in a string literal');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (e in simple) out += simple[e];
    else if (e === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}

interface ParsedMatcher {
  name: string;
  op: string;
  value: string;
}

/** Error nodes of a lezer tree (lezer recovers from errors instead of throwing). */
function errorsOf(tree: { iterate: Function }, text: string): string[] {
  const errors: string[] = [];
  tree.iterate({
    enter: (n: any) => {
      if (n.type.isError)
        errors.push(`at ${n.from}: ${text.slice(n.from, n.to + 5)}`);
    },
  });
  return errors;
}

/** Every PromQL vector selector's label matchers, decoded. */
function promqlSelectors(expr: string): ParsedMatcher[][] {
  const tree = promqlParser.parse(expr);
  const errors = errorsOf(tree, expr);
  if (errors.length)
    throw new Error(`PromQL parse error ${errors[0]} in ${expr}`);
  const out: ParsedMatcher[][] = [];
  let selector: ParsedMatcher[] | undefined;
  let matcher: ParsedMatcher | undefined;
  tree.iterate({
    enter: n => {
      const text = expr.slice(n.from, n.to);
      if (n.name === 'VectorSelector') out.push((selector = []));
      else if (selector && n.name === 'UnquotedLabelMatcher') {
        selector.push((matcher = { name: '', op: '', value: '' }));
      } else if (matcher && n.name === 'LabelName') matcher.name = text;
      else if (matcher && n.name === 'MatchOp') matcher.op = text;
      else if (matcher && n.name === 'StringLiteral') {
        matcher.value = unquote(text);
      }
    },
    leave: n => {
      if (n.name === 'VectorSelector') selector = undefined;
      if (n.name === 'UnquotedLabelMatcher') matcher = undefined;
    },
  });
  return out;
}

/** A LogQL query's stream selector matchers and line filters, decoded. */
function logqlParts(query: string) {
  const tree = logqlParser.parse(query);
  const errors = errorsOf(tree, query);
  if (errors.length)
    throw new Error(`LogQL parse error ${errors[0]} in ${query}`);
  const selector: ParsedMatcher[] = [];
  const lineFilters: Array<{ op: string; value: string }> = [];
  const labelFilters: ParsedMatcher[] = [];
  let inSelector = false;
  let inLineFilter: { op: string; value: string } | undefined;
  let matcher: ParsedMatcher | undefined;
  tree.iterate({
    enter: n => {
      const text = query.slice(n.from, n.to);
      if (n.name === 'Selector') inSelector = true;
      else if (n.name === 'LineFilter') {
        lineFilters.push((inLineFilter = { op: '', value: '' }));
      } else if (inLineFilter && n.name === 'Filter') inLineFilter.op = text;
      else if (inLineFilter && n.name === 'String') {
        inLineFilter.value = unquote(text);
      } else if (n.name === 'Matcher') {
        matcher = { name: '', op: '', value: '' };
        (inSelector ? selector : labelFilters).push(matcher);
      } else if (matcher && n.name === 'Identifier') matcher.name = text;
      else if (matcher && ['Eq', 'Neq', 'Re', 'Nre'].includes(n.name)) {
        matcher.op = text;
      } else if (matcher && n.name === 'String') matcher.value = unquote(text);
    },
    leave: n => {
      if (n.name === 'Selector') inSelector = false;
      if (n.name === 'LineFilter') inLineFilter = undefined;
      if (n.name === 'Matcher') matcher = undefined;
    },
  });
  return { selector, lineFilters, labelFilters };
}

function entityWith(annotations: Record<string, string>, job: string): Entity {
  return monitoredComponent({
    name: 'prop-svc',
    job,
    annotations,
  });
}

/** SLO annotations as the scaffolder writes them, with any objective, window and bucket. */
const sloAnnotations = fc
  .record({
    availability: fc.integer({ min: 1, max: 99_999 }),
    latency: fc.integer({ min: 1, max: 99 }),
    days: fc.integer({ min: 1, max: 90 }),
    bucket: fc.constantFrom(...SLO_LATENCY_BUCKETS),
  })
  .map(o => ({
    'monitoring.festivals.io/slo-availability': `${
      o.availability / 1000
    }% over ${o.days}d`,
    'monitoring.festivals.io/slo-latency': `${o.latency}% under ${
      o.bucket < 1 ? `${Math.round(o.bucket * 1000)}ms` : `${o.bucket}s`
    } over ${o.days}d`,
  }));

const scopeEntity = fc
  .record({ job: hostile, namespace: hostile, slo: sloAnnotations })
  .map(({ job, namespace, slo }) => ({
    job,
    namespace,
    entity: entityWith(
      { 'monitoring.festivals.io/namespace': namespace, ...slo },
      job,
    ),
  }));

describe('injection: every sink, read back with the official grammar', () => {
  it('PromQL of every panel (catalog and config templates) keeps exactly the entity scope', () => {
    const template =
      'sum(rate(http_requests_total{$matchers,status=~"5.."}[$__rate_interval])) / sum(rate(http_requests_total$selector[5m])) and on() up{namespace="$namespace",job="$job"}';
    fc.assert(
      fc.property(scopeEntity, ({ job, namespace, entity }) => {
        const matchers = entityMatchers(entity);
        const scope = { matchers, rateWindow: '5m', rateInterval: '1m' };
        const slo = readSloObjectives(entity.metadata.annotations);
        expect(slo.errors).toEqual([]);
        const queries = [
          ...PANEL_CATALOG.map(p => p.query(scope)),
          ...sloPanels(slo.objectives).map(p => p.query(scope)),
          renderQueryTemplate(template, scope),
        ];
        for (const query of queries) {
          const selectors = promqlSelectors(query);
          expect(selectors.length).toBeGreaterThan(0);
          for (const selector of selectors) {
            expect(
              selector.filter(m => m.name === 'namespace' || m.name === 'job'),
            ).toEqual([
              { name: 'namespace', op: '=', value: namespace },
              { name: 'job', op: '=', value: job },
            ]);
          }
        }
      }),
      { numRuns: RUNS },
    );
    results.push(
      `  PromQL: ${RUNS} entities × ${
        PANEL_CATALOG.length + 5
      } queries (catalog, 4 SLO panels, a config template)`,
    );
  });

  it('Alertmanager matchers: filters parse back to exactly the scope, silences must carry it', () => {
    const matcherArb = fc.record({
      name: fc.oneof(
        fc.constantFrom('namespace', 'service', 'alertname', 'job'),
        hostile,
      ),
      value: hostile,
      isRegex: fc.boolean(),
      isEqual: fc.boolean(),
    });
    fc.assert(
      fc.property(
        scopeEntity,
        fc.array(matcherArb, { maxLength: 4 }),
        fc.boolean(),
        ({ job, namespace, entity }, extra, includeScope) => {
          const scope = alertScopeMatchers(entity);
          // Alertmanager's filter syntax is PromQL's label matcher syntax.
          const filter = `{${scope.map(formatAlertmanagerFilter).join(',')}}`;
          expect(promqlSelectors(filter)).toEqual([
            [
              { name: 'namespace', op: '=', value: namespace },
              { name: 'service', op: '=', value: job },
            ],
          ]);
          const silence: SilenceMatcher[] = includeScope
            ? [...scope, ...extra]
            : extra;
          // Accepted only when it carries each scope matcher exactly once, as an equality.
          const accepted = silenceScopeProblem(entity, silence) === undefined;
          expect(
            accepted
              ? scope.map(s => silence.filter(m => m.name === s.name))
              : 'refused',
          ).toEqual(accepted ? scope.map(s => [s]) : 'refused');
        },
      ),
      { numRuns: RUNS },
    );
    results.push(`  Alertmanager matchers: ${RUNS} entities × silences`);
  });

  it('LogQL of every view and filter (and the runbook log steps) keeps the scope and the literal filters', () => {
    const views = Object.keys(LOG_VIEWS) as LogViewId[];
    const queryArb = fc.record({
      view: fc.constantFrom(...views),
      contains: fc.array(hostile, { maxLength: 3 }),
      notContains: fc.array(hostile, { maxLength: 3 }),
      level: fc.option(hostile, { nil: undefined }),
      levelSource: fc.constantFrom('label' as const, 'json' as const),
      fields: fc.dictionary(fc.constantFrom(...LOG_FIELDS), hostile, {
        maxKeys: 3,
      }),
      minDurationMs: fc.option(fc.integer({ min: 0, max: 86_400_000 }), {
        nil: undefined,
      }),
      userId: hostile,
    });
    fc.assert(
      fc.property(scopeEntity, queryArb, ({ job, namespace, entity }, q) => {
        const selector = entityLogMatchers(entity)!;
        const query: LogQuery = {
          view: q.view,
          contains: q.contains,
          notContains: q.notContains,
          level: q.level,
          levelSource: q.levelSource,
          fields:
            q.view === 'user' ? { ...q.fields, user_id: q.userId } : q.fields,
          minDurationMs: q.minDurationMs,
        };
        const scope = [
          { name: 'namespace', op: '=', value: namespace },
          { name: 'app', op: '=', value: job },
        ];
        const level =
          query.level ?? (query.view === 'level' ? 'error' : undefined);
        const expectedSelector =
          level !== undefined && query.levelSource === 'label'
            ? [...scope, { name: 'level', op: '=', value: level }]
            : scope;
        const expectedLines = [
          ...(query.view === 'errors' || query.view === 'errorCount'
            ? ['error']
            : []),
          ...q.contains,
        ]
          .map(value => ({ op: '|=', value }))
          .concat(q.notContains.map(value => ({ op: '!=', value })));
        for (const logql of [
          buildLogQuery(selector, query),
          buildLogVolumeQuery(selector, query, 60),
        ]) {
          const parts = logqlParts(logql);
          expect(parts.selector).toEqual(expectedSelector);
          expect(parts.lineFilters).toEqual(expectedLines);
          // Field filters come back as the same literal values.
          for (const [field, value] of Object.entries(query.fields ?? {})) {
            expect(parts.labelFilters).toContainEqual({
              name: field,
              op: '=',
              value,
            });
          }
        }
        for (const kind of ['oomLogs', 'workerLogs'] as const) {
          expect(
            logqlParts(buildDiagnosticLogQuery(selector, kind)).selector,
          ).toEqual(scope);
        }
      }),
      { numRuns: RUNS },
    );
    results.push(
      `  LogQL: ${RUNS} entities × queries (+ volume, runbook steps)`,
    );
  });

  it('Kubernetes selectors: a hostile annotation is refused or becomes a selector of the selector alphabet only', () => {
    // Kubernetes' own rules (api-concepts, labels and selectors), written out independently of
    // kubernetesNames.ts: a DNS-1123 label for namespaces, a label value for the id.
    const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    // The selector lexer's alphabet: names, operators, parentheses, commas and whitespace (its
    // isWhitespace: space, tab, CR, LF). Nothing that could end the query parameter or add one.
    const SELECTOR_ALPHABET = /^[A-Za-z0-9_.\-/=!,() \t\r\n]*$/;
    const nameish = fc.stringMatching(/^[a-z0-9][-a-z0-9.]{0,20}[a-z0-9]$/);
    fc.assert(
      fc.property(
        fc.oneof(nameish, hostile),
        fc.oneof(nameish, hostile),
        fc.option(fc.oneof(hostile, fc.constant('app in (a,b),tier!=db')), {
          nil: undefined,
        }),
        (id, namespace, labelSelector) => {
          const entity = entityWith(
            {
              [ANNOTATION_KUBERNETES_ID]: id,
              [ANNOTATION_KUBERNETES_NAMESPACE]: namespace,
              ...(labelSelector !== undefined && {
                [ANNOTATION_KUBERNETES_LABEL_SELECTOR]: labelSelector,
              }),
            },
            'job',
          );
          let target: ReturnType<typeof kubernetesTargetOf> | undefined;
          let refusal: string | undefined;
          try {
            target = kubernetesTargetOf(entity);
          } catch (e) {
            refusal = (e as Error).message;
          }
          // Refused, naming the annotation; or a selector Kubernetes reads as intended.
          expect(refusal ?? 'accepted').toMatch(/annotation|^accepted$/i);
          if (!target) return;
          expect({
            namespace: target.namespace,
            namespaceIsDnsLabel:
              namespace.length <= 63 && DNS_1123_LABEL.test(namespace),
            selectorLength: target.labelSelector.length <= 1024,
            selectorAlphabet: SELECTOR_ALPHABET.test(target.labelSelector),
            selector: target.labelSelector,
            idIsLabelValue:
              labelSelector !== undefined ||
              (id.length <= 63 && LABEL_VALUE.test(id)),
          }).toEqual({
            namespace,
            namespaceIsDnsLabel: true,
            selectorLength: true,
            selectorAlphabet: true,
            selector: labelSelector ?? `${ANNOTATION_KUBERNETES_ID}=${id}`,
            idIsLabelValue: true,
          });
        },
      ),
      { numRuns: RUNS },
    );
    results.push(`  Kubernetes selectors: ${RUNS} annotation sets`);
  });
});
