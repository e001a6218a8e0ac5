import {
  isDnsLabel,
  isDnsSubdomain,
  isLabelSelector,
  kubernetesTargetOf,
} from './kubernetesNames';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'festivals-api', annotations },
});

describe('Kubernetes names', () => {
  it('accepts RFC 1123 labels and subdomains only', () => {
    expect(isDnsLabel('festivals-production')).toBe(true);
    expect(isDnsLabel('a'.repeat(63))).toBe(true);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
    expect(isDnsLabel('Prod')).toBe(false);
    expect(isDnsLabel('a.b')).toBe(false);
    expect(isDnsLabel('-a')).toBe(false);
    expect(isDnsLabel('')).toBe(false);
    expect(isDnsSubdomain('prod-festivals-api')).toBe(true);
    expect(isDnsSubdomain('api.v2')).toBe(true);
    expect(isDnsSubdomain('a..b')).toBe(false);
    expect(isDnsSubdomain('a/b')).toBe(false);
    expect(isDnsSubdomain(`${`${'a'.repeat(63)}.`.repeat(4)}a`)).toBe(false);
  });

  it.each([
    'backstage.io/kubernetes-id=festivals-api',
    'app.kubernetes.io/name in (festivals-api, festivals-worker),tier!=db',
    'app==x,!legacy,canary',
    'env notin (dev)',
  ])('accepts the selector %s', s => expect(isLabelSelector(s)).toBe(true));

  it.each([
    '',
    'app=a b',
    'app=(x',
    'app in (a,(b))',
    'app=x&watch=true',
    'Bad Key=x',
    `app=${'x'.repeat(64)}`,
    // Whitespace the API server's lexer does not know (found by the injection properties).
    'A\u2028',
    'app=a\u00a0',
    'app\u000bin (a)',
  ])('refuses the selector %j', s => expect(isLabelSelector(s)).toBe(false));
});

describe('kubernetesTargetOf', () => {
  it("reads the Kubernetes plugin's annotations first", () => {
    expect(
      kubernetesTargetOf(
        entity({
          'backstage.io/kubernetes-id': 'festivals-api',
          'backstage.io/kubernetes-namespace': 'festivals-staging',
          'monitoring.festivals.io/namespace': 'festivals-production',
        }),
      ),
    ).toEqual({
      namespace: 'festivals-staging',
      labelSelector: 'backstage.io/kubernetes-id=festivals-api',
      deployment: 'festivals-api',
    });
  });

  it('falls back to the monitoring namespace and takes a label selector as is', () => {
    expect(
      kubernetesTargetOf(
        entity({
          'monitoring.festivals.io/namespace': 'festivals-production',
          'backstage.io/kubernetes-label-selector': 'app=festivals-api',
        }),
      ),
    ).toEqual({
      namespace: 'festivals-production',
      labelSelector: 'app=festivals-api',
      deployment: undefined,
    });
  });

  it.each([
    [{}, /has no backstage.io\/kubernetes-namespace/],
    [
      { 'backstage.io/kubernetes-namespace': 'ns' },
      /has no backstage.io\/kubernetes-id/,
    ],
    [
      {
        'backstage.io/kubernetes-namespace': 'Bad_NS',
        'backstage.io/kubernetes-id': 'a',
      },
      /backstage.io\/kubernetes-namespace 'Bad_NS' is not a Kubernetes namespace/,
    ],
    [
      {
        'monitoring.festivals.io/namespace': 'ns;x',
        'backstage.io/kubernetes-id': 'a',
      },
      /monitoring.festivals.io\/namespace 'ns;x'/,
    ],
    [
      {
        'backstage.io/kubernetes-namespace': 'ns',
        'backstage.io/kubernetes-id': 'a,b=c',
      },
      /kubernetes-id 'a,b=c'/,
    ],
    [
      {
        'backstage.io/kubernetes-namespace': 'ns',
        'backstage.io/kubernetes-label-selector': 'a=b&c',
      },
      /not a valid label selector/,
    ],
  ])('refuses %j', (annotations, message) => {
    expect(() => kubernetesTargetOf(entity(annotations))).toThrow(message);
  });
});
