import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
import { ApiError } from './status.ts';

const pod = {
  'app.kubernetes.io/name': 'festivals-api',
  tier: 'backend',
  replicas: '3',
};

const selects = (selector: string, labels: Record<string, string> = pod) =>
  matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors (apimachinery grammar)', () => {
  it.each([
    ['', true],
    ['app.kubernetes.io/name=festivals-api', true],
    ['app.kubernetes.io/name==festivals-api', true],
    ['app.kubernetes.io/name=festivals-worker', false],
    ['app.kubernetes.io/name!=festivals-worker', true],
    ['app.kubernetes.io/name!=festivals-api', false],
    // != and notin match objects without the key, as Kubernetes does.
    ['missing!=x', true],
    ['missing notin (x)', true],
    ['tier in (frontend, backend)', true],
    ['tier in (frontend)', false],
    ['tier notin (frontend,backend)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['replicas>2', true],
    ['replicas<2', false],
    ['tier=backend,app.kubernetes.io/name=festivals-api', true],
    ['tier=backend,app.kubernetes.io/name=festivals-worker', false],
    ['tier=', false],
  ])('%p selects the pod: %p', (selector, expected) => {
    expect(selects(selector)).toBe(expected);
  });

  it('matches an empty value only against an empty label', () => {
    expect(selects('tier=', { tier: '' })).toBe(true);
  });

  it.each([
    ['tier in', "found '', expected: '('"],
    ['tier in (a', "expected: ',' or ')'"],
    ['=x', 'expected: identifier'],
    ['tier=a b', "expected: ',' or 'end of string'"],
    ['bad key!=x', "expected: '=', '!=', '==', 'in', notin'"],
    ['-tier=x', 'invalid label key "-tier"'],
    ['tier=-x', 'invalid label value: "-x"'],
    ['replicas>x', 'must be an integer'],
  ])('rejects %p as a 400 BadRequest naming the selector', (selector, why) => {
    let error: unknown;
    try {
      parseLabelSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(400);
    expect((error as ApiError).message).toContain(
      `unable to parse requested label selector "${selector}"`,
    );
    expect((error as ApiError).message).toContain(why);
  });
});

describe('field selectors', () => {
  const fields = new Set(['metadata.name', 'status.phase']);
  const object: Record<string, string> = {
    'metadata.name': 'a,b',
    'status.phase': 'Running',
  };
  const selectsFields = (selector: string) =>
    matchesFields(parseFieldSelector(selector, fields), f => object[f]);

  it('filters with =, == and != and honours escaped commas', () => {
    expect(selectsFields('status.phase=Running')).toBe(true);
    expect(selectsFields('status.phase==Running')).toBe(true);
    expect(selectsFields('status.phase!=Running')).toBe(false);
    expect(selectsFields('status.phase=Pending')).toBe(false);
    expect(selectsFields('metadata.name=a\\,b,status.phase=Running')).toBe(
      true,
    );
    expect(selectsFields('metadata.name=a')).toBe(false);
  });

  it('refuses a field the resource does not support, as the API server words it', () => {
    expect(() => parseFieldSelector('spec.foo=x', fields)).toThrow(
      'field label not supported: spec.foo',
    );
    expect(() => parseFieldSelector('status.phase', fields)).toThrow(
      'invalid field selector',
    );
  });
});
