import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { KubernetesManifest } from './manifests';
import { generateManifests, toYaml } from './render';
import { ALERT_GROUPS, parseMonitoredService } from './spec';
import { isDeepStrictEqual } from 'node:util';

// The scaffolder's generated YAML, property-tested: whatever a template passes (hostile routing
// label values, severities, runbook URLs, configured label values, metrics paths), what a
// reviewer reads and `kubectl apply` gets parses back to exactly the values given, and every
// rule expression parses with the PromQL grammar, scoped to the service. 10,000 cases.

jest.setTimeout(120_000);

const RUNS = 10_000;

const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '"',
        "'",
        '\\',
        '\n',
        '\r\n',
        '\t',
        ': ',
        '- ',
        '# ',
        '{{',
        '}}',
        '${{ parameters.x }}',
        '{',
        '}',
        '[',
        ']',
        '&a',
        '*a',
        '!!js/function',
        '|',
        '>',
        '%',
        '@',
        '`',
        '---',
        '...',
        'null',
        'true',
        '0x1F',
        '1e3',
        '~',
        '\u2028',
        '\uFEFF',
        '😀',
        'ü',
      ),
      fc.fullUnicodeString({ maxLength: 4 }),
      fc.string({ maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map(parts => parts.join(''));

/**
 * Values the schema's label-safe rule lets through that YAML could still misread as another
 * type (booleans, null, numbers, sexagesimals, anchors), mixed with random label-safe strings.
 */
const labelSafe = fc.oneof(
  fc.constantFrom(
    'true',
    'no',
    'null',
    'Null',
    '1e3',
    '0x1F',
    '0o17',
    '1:30',
    '08',
    '-1',
    '.5',
    '1_000',
    'a:b',
    'http://x',
    '@at',
    'a/b:c@d',
  ),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,20}$/),
);
/** Absolute paths with anything but whitespace, `?` and `#` (the schema's rule). */
const hostilePath = hostile.map(
  h => `/${h.replace(/[\s?#\u2028\u2029\u0085\u00a0\ufeff]/gu, '')}`,
);

const k8sName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/);

/** Every vector selector's `namespace` / `service` / `job` matchers in a PromQL expression. */
function scopeMatchers(expr: string): string[] {
  const tree = promqlParser.parse(expr);
  const found: string[] = [];
  let label = '';
  tree.iterate({
    enter: n => {
      const text = expr.slice(n.from, n.to);
      if (n.type.isError)
        throw new Error(`PromQL parse error at ${n.from} in ${expr}`);
      if (n.name === 'LabelName') label = text;
      if (
        n.name === 'StringLiteral' &&
        ['namespace', 'service', 'job'].includes(label) &&
        n.node.parent?.name === 'UnquotedLabelMatcher'
      ) {
        found.push(`${label}=${JSON.parse(text)}`);
      }
    },
  });
  return found;
}

describe('generated YAML (property)', () => {
  it('parses back to exactly the values given, every rule scoped to the service', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record({
          name: k8sName,
          namespace: k8sName,
          routingLabels: fc.dictionary(labelName, labelSafe, { maxKeys: 3 }),
          severities: fc.record({ critical: labelSafe, warning: labelSafe }),
          runbookUrl: fc.oneof(
            fc.constant(''),
            fc.webUrl({ withFragments: true, withQueryParameters: true }),
          ),
          path: fc.oneof(fc.constant('/metrics'), hostilePath),
          // One seed group per case keeps 10,000 cases fast; every group comes up many times.
          alertGroups: fc.subarray([...ALERT_GROUPS], {
            minLength: 1,
            maxLength: 1,
          }),
          settingLabel: hostile,
          runbookBase: fc.webUrl(),
        }),
        input => {
          let service;
          try {
            service = parseMonitoredService({
              name: input.name,
              namespace: input.namespace,
              routingLabels: input.routingLabels,
              severities: input.severities,
              runbookUrl: input.runbookUrl,
              metrics: { path: input.path },
              alertGroups: input.alertGroups,
            });
          } catch {
            // Refused by the input schema (names the field; tested elsewhere).
            return;
          }
          accepted++;
          const manifests = generateManifests(service, {
            serviceMonitorLabels: { release: input.settingLabel },
            prometheusRuleLabels: { release: input.settingLabel },
            runbookBaseUrl: input.runbookBase,
          });
          // The PrometheusRule with its first rule only: every rule carries the same routing
          // labels and runbook base, and YAML of all rules costs ~7 ms a case (70 s for 10,000).
          const ruleManifest =
            manifests.prometheusRule as KubernetesManifest & {
              spec: { groups: Array<{ name: string; rules: unknown[] }> };
            };
          const firstRule = {
            ...ruleManifest,
            spec: {
              groups: [
                {
                  ...ruleManifest.spec.groups[0],
                  rules: ruleManifest.spec.groups[0].rules.slice(0, 1),
                },
              ],
            },
          };
          for (const manifest of [manifests.serviceMonitor, firstRule]) {
            // What is written is what was meant, value for value.
            const written = parse(toYaml(manifest));
            const meant = JSON.parse(JSON.stringify(manifest));
            // (node's deep equality: jest's is too slow for 10,000 manifests; a diff on failure)
            expect(
              isDeepStrictEqual(written, meant) ? 'same' : { written, meant },
            ).toBe('same');
          }
          const groups = (
            manifests.prometheusRule.spec as {
              groups: Array<{
                rules: Array<{ expr: string; labels: Record<string, string> }>;
              }>;
            }
          ).groups;
          for (const rule of groups.flatMap(g => g.rules)) {
            // Scoped to this service only: every scope matcher names its namespace or itself.
            for (const m of scopeMatchers(rule.expr)) {
              expect([
                `namespace=${input.namespace}`,
                `service=${input.name}`,
                `job=${input.name}`,
              ]).toContain(m);
            }
            expect(rule.labels.severity).toBe(
              [input.severities.critical, input.severities.warning].find(
                s => s === rule.labels.severity,
              ),
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
    process.stdout.write(
      `\ninjection properties (generated YAML): ${RUNS} cases, ${accepted} accepted by the schema and round-tripped\n`,
    );
    // Hostile values must mostly get through the schema, or the property proves little.
    expect(accepted).toBeGreaterThan(RUNS / 4);
  });
});
