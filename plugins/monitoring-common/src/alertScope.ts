import { Entity } from '@backstage/catalog-model';
import { SilenceMatcher } from './alerts';
import { ANNOTATION_NAMESPACE, ANNOTATION_PROMETHEUS_JOB } from './annotations';
import { escapeLabelValue } from './escaping';
import { isValidLabelName } from './labelNames';

/**
 * Which alerts belong to an entity. Alert rules aggregate away `job` (the seed's error-rate,
 * latency and business rules sum over many series), but keep `namespace` and `service`: the
 * seed's Alertmanager groups by `service`, and the stack labels every target
 * `service=<job>`. So an entity's alerts are those with its namespace (when annotated) and
 * `service` equal to its job annotation. Silences created from Backstage must carry exactly
 * these matchers, so a silence can never reach another entity's alerts.
 * @public
 */
export function alertScopeMatchers(entity: Entity): SilenceMatcher[] {
  const annotations = entity.metadata.annotations ?? {};
  const job = annotations[ANNOTATION_PROMETHEUS_JOB];
  if (!job) {
    throw new Error(`Entity has no ${ANNOTATION_PROMETHEUS_JOB} annotation`);
  }
  const matchers: SilenceMatcher[] = [];
  const namespace = annotations[ANNOTATION_NAMESPACE];
  if (namespace) {
    matchers.push({
      name: 'namespace',
      value: namespace,
      isRegex: false,
      isEqual: true,
    });
  }
  matchers.push({ name: 'service', value: job, isRegex: false, isEqual: true });
  return matchers;
}

/**
 * One matcher in Alertmanager's `filter` syntax (`name="value"`, `name!~"re"`), value escaped
 * like a PromQL string so quotes or newlines in an annotation cannot add matchers.
 * @public
 */
export function formatAlertmanagerFilter(matcher: SilenceMatcher): string {
  if (!isValidLabelName(matcher.name)) {
    throw new Error(`Invalid label name '${matcher.name}'`);
  }
  let op = matcher.isRegex ? '!~' : '!=';
  if (matcher.isEqual) op = matcher.isRegex ? '=~' : '=';
  return `${matcher.name}${op}"${escapeLabelValue(matcher.value)}"`;
}

function sameMatcher(a: SilenceMatcher, b: SilenceMatcher): boolean {
  return (
    a.name === b.name &&
    a.value === b.value &&
    a.isRegex === b.isRegex &&
    a.isEqual === b.isEqual
  );
}

/**
 * Why these silence matchers may not be used for the entity, or undefined when they may: every
 * label name must be valid, and every scoping matcher of the entity must be present exactly
 * (equality, not regex), so the silence only ever matches that entity's alerts.
 * @public
 */
export function silenceScopeProblem(
  entity: Entity,
  matchers: SilenceMatcher[],
): string | undefined {
  for (const [i, m] of matchers.entries()) {
    if (!isValidLabelName(m.name)) {
      return `matchers[${i}].name: '${m.name}' is not a valid label name`;
    }
  }
  // One matcher per scoping label: `service="a"` plus `service="b"` would list (and let both
  // entities expire) a silence that belongs to neither.
  for (const scope of alertScopeMatchers(entity)) {
    const count = matchers.filter(m => m.name === scope.name).length;
    if (count > 1) {
      return `matchers: a silence may carry one '${scope.name}' matcher, found ${count}`;
    }
  }
  const missing = alertScopeMatchers(entity).filter(
    scope => !matchers.some(m => sameMatcher(m, scope)),
  );
  if (missing.length > 0) {
    return `matchers: a silence for this entity must include ${missing
      .map(formatAlertmanagerFilter)
      .join(', ')}`;
  }
  return undefined;
}

/** True when a silence with these matchers is scoped to the entity. @public */
export function isEntitySilence(
  entity: Entity,
  matchers: SilenceMatcher[],
): boolean {
  return silenceScopeProblem(entity, matchers) === undefined;
}

/**
 * The matchers a new silence starts from when created from an alert: each of the alert's labels
 * as an equality matcher, the entity's scoping matchers first (always present), then alertname.
 * The user may remove or edit all but the scoping ones.
 * @public
 */
export function silenceMatchersFromAlert(
  entity: Entity,
  labels: Record<string, string>,
): SilenceMatcher[] {
  const scope = alertScopeMatchers(entity);
  const rest = Object.entries(labels)
    .filter(([name]) => !scope.some(s => s.name === name))
    .sort(([a], [b]) => {
      if (a === 'alertname') return -1;
      if (b === 'alertname') return 1;
      return a.localeCompare(b);
    })
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
  return [...scope, ...rest];
}
