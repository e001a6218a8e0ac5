import { Entity } from '@backstage/catalog-model';
import {
  alertScopeMatchers,
  formatAlertmanagerFilter,
  isEntitySilence,
  silenceMatchersFromAlert,
  silenceScopeProblem,
} from './alertScope';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

const api = entity({
  'monitoring.festivals.io/job': 'festivals-api',
  'monitoring.festivals.io/namespace': 'festivals-production',
});
const eq = (name: string, value: string) => ({
  name,
  value,
  isRegex: false,
  isEqual: true,
});

describe('alertScopeMatchers', () => {
  it('scopes by namespace and service (= the job annotation)', () => {
    expect(alertScopeMatchers(api)).toEqual([
      eq('namespace', 'festivals-production'),
      eq('service', 'festivals-api'),
    ]);
  });

  it('leaves namespace out when not annotated and refuses entities without a job', () => {
    expect(
      alertScopeMatchers(entity({ 'monitoring.festivals.io/job': 'j' })),
    ).toEqual([eq('service', 'j')]);
    expect(() => alertScopeMatchers(entity({}))).toThrow(
      /monitoring\.festivals\.io\/job/,
    );
  });
});

describe('formatAlertmanagerFilter', () => {
  it.each([
    [{ isEqual: true, isRegex: false }, 'a="v"'],
    [{ isEqual: false, isRegex: false }, 'a!="v"'],
    [{ isEqual: true, isRegex: true }, 'a=~"v"'],
    [{ isEqual: false, isRegex: true }, 'a!~"v"'],
  ])('renders %j as %s', (flags, expected) => {
    expect(formatAlertmanagerFilter({ name: 'a', value: 'v', ...flags })).toBe(
      expected,
    );
  });

  it('escapes quotes, backslashes and newlines so a value cannot add a matcher', () => {
    expect(
      formatAlertmanagerFilter(eq('service', 'x",alertname=~".*\\\n')),
    ).toBe('service="x\\",alertname=~\\".*\\\\\\n"');
  });

  it('refuses an invalid label name', () => {
    expect(() => formatAlertmanagerFilter(eq('a-b', 'v'))).toThrow(/a-b/);
  });
});

describe('silence scope', () => {
  it('accepts matchers that include the entity scope exactly, plus others', () => {
    const matchers = [
      eq('alertname', 'FestivalsHighErrorRate'),
      eq('service', 'festivals-api'),
      eq('namespace', 'festivals-production'),
      { name: 'instance', value: '.*', isRegex: true, isEqual: true },
    ];
    expect(silenceScopeProblem(api, matchers)).toBeUndefined();
    expect(isEntitySilence(api, matchers)).toBe(true);
  });

  it.each([
    ['missing service', [eq('namespace', 'festivals-production')]],
    [
      'another service',
      [
        eq('namespace', 'festivals-production'),
        eq('service', 'festivals-worker'),
      ],
    ],
    [
      'regex service',
      [
        eq('namespace', 'festivals-production'),
        {
          name: 'service',
          value: 'festivals-api',
          isRegex: true,
          isEqual: true,
        },
      ],
    ],
    [
      'negative service',
      [
        eq('namespace', 'festivals-production'),
        {
          name: 'service',
          value: 'festivals-api',
          isRegex: false,
          isEqual: false,
        },
      ],
    ],
  ])('refuses %s, naming the matcher it needs', (_, matchers) => {
    expect(silenceScopeProblem(api, matchers)).toBe(
      'matchers: a silence for this entity must include service="festivals-api"',
    );
    expect(isEntitySilence(api, matchers)).toBe(false);
  });

  it('refuses a second matcher on a scoping label, so no silence belongs to two entities', () => {
    const twoServices = [
      eq('namespace', 'festivals-production'),
      eq('service', 'festivals-api'),
      eq('service', 'festivals-worker'),
    ];
    expect(silenceScopeProblem(api, twoServices)).toBe(
      "matchers: a silence may carry one 'service' matcher, found 2",
    );
    expect(isEntitySilence(api, twoServices)).toBe(false);
  });

  it('names a bad label name by index', () => {
    expect(
      silenceScopeProblem(api, [
        eq('namespace', 'festivals-production'),
        eq('service', 'festivals-api'),
        eq('bad name', 'v'),
      ]),
    ).toBe("matchers[2].name: 'bad name' is not a valid label name");
  });
});

describe('silenceMatchersFromAlert', () => {
  it('starts from every alert label, scope first, then alertname, then the rest sorted', () => {
    expect(
      silenceMatchersFromAlert(api, {
        severity: 'critical',
        service: 'festivals-api',
        alertname: 'FestivalsHighErrorRate',
        namespace: 'festivals-production',
        instance: '127.0.0.1:9101',
      }),
    ).toEqual([
      eq('namespace', 'festivals-production'),
      eq('service', 'festivals-api'),
      eq('alertname', 'FestivalsHighErrorRate'),
      eq('instance', '127.0.0.1:9101'),
      eq('severity', 'critical'),
    ]);
  });
});
