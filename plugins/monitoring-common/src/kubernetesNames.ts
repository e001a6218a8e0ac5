/**
 * Kubernetes names and label selectors as the API server validates them, checked before a
 * value from a catalog annotation reaches a command or an API call. Annotations are written by
 * whoever controls a `catalog-info.yaml`, so they are input like any other.
 */

import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_NAMESPACE } from './annotations';

/**
 * Backstage's Kubernetes plugin: the id its label selector matches
 * (`backstage.io/kubernetes-id=<id>`). Kept local so `-common` needs no kubernetes-common.
 * @public
 */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * Backstage's Kubernetes plugin: the namespace the entity's workloads run in.
 * @public
 */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/**
 * Backstage's Kubernetes plugin: a label selector that replaces the kubernetes-id one.
 * @public
 */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * RFC 1123 label (namespaces, container names): lower-case alphanumerics and `-`, at most 63.
 * @public
 */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/**
 * RFC 1123 subdomain (Deployment and Pod names): dot-separated labels, at most 253.
 * @public
 */
export function isDnsSubdomain(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= 253 &&
    value.split('.').every(part => DNS_LABEL.test(part))
  );
}

// A label key: optional DNS subdomain prefix and `/`, then a name of at most 63.
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?)$/;

function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * True when `selector` is a label selector the API server accepts (`k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, comma-separated), with valid keys and values.
 * @public
 */
export function isLabelSelector(selector: string): boolean {
  if (selector.length === 0 || selector.length > 1024) return false;
  // Split on commas outside parentheses.
  const requirements: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0 || depth > 1) return false;
    if (ch === ',' && depth === 0) {
      requirements.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0) return false;
  requirements.push(current);
  // Whitespace as the API server's selector lexer knows it (space, tab, CR, LF) — not
  // JavaScript's \s, which also takes U+2028, NBSP, form feed and more.
  return requirements.every(raw => {
    const r = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    let m = /^([^ \t\r\n]+?)[ \t\r\n]*(==|!=|=)[ \t\r\n]*([^ \t\r\n]*)$/.exec(
      r,
    );
    if (m) return isLabelKey(m[1]) && isLabelValue(m[3]);
    m = /^([^ \t\r\n]+)[ \t\r\n]+(in|notin)[ \t\r\n]*\(([^()]*)\)$/.exec(r);
    if (m) {
      return (
        isLabelKey(m[1]) &&
        m[3]
          .split(',')
          .every(v => isLabelValue(v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')))
      );
    }
    m = /^(!?)[ \t\r\n]*([^ \t\r\n]+)$/.exec(r);
    return m !== null && isLabelKey(m[2]);
  });
}

/**
 * Where an entity's workloads are, from its annotations, as Backstage's Kubernetes plugin reads
 * them: the namespace (`backstage.io/kubernetes-namespace`, else
 * `monitoring.festivals.io/namespace`), the label selector (`backstage.io/kubernetes-label-selector`,
 * else `backstage.io/kubernetes-id=<id>`) and the Deployment name the guide's commands use
 * (the kubernetes-id: Deployments are named after the service).
 * @public
 */
export interface KubernetesTarget {
  namespace: string;
  labelSelector: string;
  /** Undefined when only a label selector is annotated: the backend finds it by the selector. */
  deployment?: string;
}

/**
 * The entity's {@link KubernetesTarget}, each value validated; throws an Error naming the
 * annotation and the rule it breaks, or saying which annotations are missing.
 * @public
 */
export function kubernetesTargetOf(entity: Entity): KubernetesTarget {
  const annotations = entity.metadata.annotations ?? {};
  const namespaceAnnotation = annotations[ANNOTATION_KUBERNETES_NAMESPACE]
    ? ANNOTATION_KUBERNETES_NAMESPACE
    : ANNOTATION_NAMESPACE;
  const namespace = annotations[namespaceAnnotation];
  if (!namespace) {
    throw new Error(
      `Entity has no ${ANNOTATION_KUBERNETES_NAMESPACE} (nor ${ANNOTATION_NAMESPACE}) annotation`,
    );
  }
  if (!isDnsLabel(namespace)) {
    throw new Error(
      `Annotation ${namespaceAnnotation} '${namespace}' is not a Kubernetes namespace name (RFC 1123 label: lower-case letters, digits and '-', at most 63)`,
    );
  }
  const id = annotations[ANNOTATION_KUBERNETES_ID];
  if (id !== undefined && !(isDnsSubdomain(id) && isLabelValue(id))) {
    throw new Error(
      `Annotation ${ANNOTATION_KUBERNETES_ID} '${id}' is not a Kubernetes name usable as a label value (RFC 1123, at most 63)`,
    );
  }
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  if (selector !== undefined) {
    if (!isLabelSelector(selector)) {
      throw new Error(
        `Annotation ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} '${selector}' is not a valid label selector`,
      );
    }
    return { namespace, labelSelector: selector, deployment: id };
  }
  if (!id) {
    throw new Error(
      `Entity has no ${ANNOTATION_KUBERNETES_ID} (nor ${ANNOTATION_KUBERNETES_LABEL_SELECTOR}) annotation`,
    );
  }
  return {
    namespace,
    labelSelector: `${ANNOTATION_KUBERNETES_ID}=${id}`,
    deployment: id,
  };
}
