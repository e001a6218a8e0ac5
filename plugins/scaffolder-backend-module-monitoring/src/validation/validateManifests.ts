import { InputError } from '@backstage/errors';
import { parser } from '@prometheus-io/lezer-promql';
import { crdModels } from './crdModels';
import { KUBERNETES_NAME } from '../generators/spec';

/** What the apply action accepts: the two prometheus-operator kinds this module generates. */
export const SUPPORTED_KINDS = ['ServiceMonitor', 'PrometheusRule'] as const;
export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** `PrometheusRule festivals-production/payments`: how errors name an object. */
export function describeObject(o: {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}): string {
  return `${String(o.kind ?? '(no kind)')} ${String(
    o.metadata?.namespace ?? '(no namespace)',
  )}/${String(o.metadata?.name ?? '(no name)')}`;
}

/** Offsets of syntax errors in a PromQL expression, per the official Prometheus grammar. */
export function promqlSyntaxErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter: node => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function exprProblems(o: Record<string, unknown>): string[] {
  const spec = isRecord(o.spec) ? o.spec : {};
  const groups = Array.isArray(spec.groups) ? spec.groups : [];
  const problems: string[] = [];
  groups.forEach((g, gi) => {
    const rules = isRecord(g) && Array.isArray(g.rules) ? g.rules : [];
    rules.forEach((r, ri) => {
      if (!isRecord(r) || typeof r.expr !== 'string') return;
      const errors = promqlSyntaxErrors(r.expr);
      if (errors.length) {
        const name = String(r.alert ?? r.record ?? `#${ri}`);
        problems.push(
          `spec.groups[${gi}].rules[${ri}] (${name}): expr is not valid PromQL near offset ${errors[0]}: ${r.expr}`,
        );
      }
    });
  });
  return problems;
}

/** Every problem of one manifest: kind, names, CRD schema, PromQL. Empty when valid. */
export function manifestProblems(o: unknown): string[] {
  if (!isRecord(o)) return ['not a Kubernetes object (expected a mapping)'];
  const problems: string[] = [];
  if (o.apiVersion !== MONITORING_API_VERSION)
    problems.push(
      `apiVersion must be ${MONITORING_API_VERSION}, got ${String(
        o.apiVersion,
      )}`,
    );
  if (!SUPPORTED_KINDS.includes(o.kind as (typeof SUPPORTED_KINDS)[number])) {
    problems.push(
      `kind must be one of ${SUPPORTED_KINDS.join(', ')}, got ${String(
        o.kind,
      )}`,
    );
    return problems;
  }
  const meta = isRecord(o.metadata) ? o.metadata : {};
  for (const field of ['name', 'namespace'] as const) {
    const v = meta[field];
    if (typeof v !== 'string' || !new RegExp(KUBERNETES_NAME).test(v))
      problems.push(
        `metadata.${field} must be a Kubernetes name, got ${JSON.stringify(v)}`,
      );
  }
  const { PrometheusRule, ServiceMonitor } = crdModels();
  try {
    // The models' types are the CRDs'; the schema check is what tells whether `o` fits them.
    if (o.kind === 'PrometheusRule')
      new PrometheusRule(
        o as ConstructorParameters<typeof PrometheusRule>[0],
      ).validate();
    else
      new ServiceMonitor(
        o as ConstructorParameters<typeof ServiceMonitor>[0],
      ).validate();
  } catch (e) {
    problems.push(
      `does not match the ${String(o.kind)} CRD schema: ${
        (e as Error).message
      }`,
    );
  }
  if (o.kind === 'PrometheusRule') problems.push(...exprProblems(o));
  return problems;
}

/**
 * Validates every manifest and throws one InputError listing all problems, each naming its
 * object, so nothing is written or applied unless all of them are valid.
 */
export function assertValidManifests(
  objects: unknown[],
): asserts objects is ManifestObject[] {
  const problems = objects.flatMap((o, i) =>
    manifestProblems(o).map(
      p =>
        `${isRecord(o) ? describeObject(o) : `document ${i + 1}`}: ${p.replace(
          /^data\//,
          '',
        )}`,
    ),
  );
  if (!objects.length) problems.push('no manifests to validate');
  // The same object twice would be applied twice with different content: refuse it.
  const seen = new Set<string>();
  for (const o of objects) {
    if (!isRecord(o)) continue;
    const id = describeObject(o);
    if (seen.has(id)) problems.push(`${id}: appears more than once`);
    seen.add(id);
  }
  if (problems.length) {
    throw new InputError(`Invalid manifests: ${problems.join('; ')}`);
  }
}
