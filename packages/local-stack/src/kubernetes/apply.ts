import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { KubernetesClusterState } from './clusterState.ts';
import {
  CustomResourceStore,
  withManagedFields,
  type StoredObject,
} from './customResources.ts';
import { namespaceObjects, type KubeObject } from './objects.ts';
import { groupVersionOf, type ResourceType } from './resources.ts';
import { ApiError, notFound } from './status.ts';

/**
 * Server-side apply and delete for the stand-in's writable types, as kubernetes/website's
 * `server-side-apply.md` documents them: the applied configuration's fields are owned by its
 * `fieldManager`; a field another manager owns with a different value is a 409 conflict naming
 * that manager and field, unless `force=true` takes it over; fields a manager stops applying
 * are removed (unless another manager owns them); applying the same configuration again changes
 * nothing (same resourceVersion); `dryRun=All` answers as a real request would and stores nothing.
 * Simplification: every list is atomic (owned and replaced whole), as for a CRD without
 * `x-kubernetes-list-type` markers.
 */

export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

/** Fields that identify the object or belong to the server, never owned by a manager. */
const UNOWNED = new Set(
  [
    ['apiVersion'],
    ['kind'],
    ['status'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['metadata', 'resourceVersion'],
    ['metadata', 'uid'],
    ['metadata', 'creationTimestamp'],
    ['metadata', 'generation'],
    ['metadata', 'managedFields'],
  ].map(p => JSON.stringify(p)),
);

/** A JSON copy (objects stay of this realm, so deep equality holds under jest too). */
const clone = <T>(v: T): T =>
  v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A field path, encoded as the JSON of its keys (keys may hold dots, as label names do);
 * `fieldPathText` writes it as the API server does (`.spec.endpoints`).
 */
export type FieldPath = string;
const partsOf = (p: FieldPath): string[] => JSON.parse(p);
export const fieldPathText = (p: FieldPath) => `.${partsOf(p).join('.')}`;

/** The field paths a configuration sets: leaves, with lists and empty maps as leaves. */
export function fieldPaths(
  value: Record<string, unknown>,
  prefix: string[] = [],
): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [key, v] of Object.entries(value)) {
    const parts = [...prefix, key];
    const p = JSON.stringify(parts);
    if (UNOWNED.has(p)) continue;
    if (isPlainObject(v) && Object.keys(v).length)
      out.push(...fieldPaths(v, parts));
    else out.push(p);
  }
  return out;
}

function valueAt(o: unknown, path: FieldPath): unknown {
  let cur = o;
  for (const part of partsOf(path)) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function setAt(o: Record<string, unknown>, path: FieldPath, value: unknown) {
  const parts = partsOf(path);
  let cur = o;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = clone(value);
}

/** Removes a field and the maps it leaves empty. */
function deleteAt(o: Record<string, unknown>, path: FieldPath) {
  const parts = partsOf(path);
  const chain: Array<Record<string, unknown>> = [o];
  for (const part of parts.slice(0, -1)) {
    const next = chain[chain.length - 1][part];
    if (!isPlainObject(next)) return;
    chain.push(next);
  }
  delete chain[chain.length - 1][parts[parts.length - 1]];
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i]).length) break;
    delete chain[i - 1][parts[i - 1]];
  }
}

/** One path is the other or lies below it. */
function overlaps(a: FieldPath, b: FieldPath): boolean {
  const [x, y] = [partsOf(a), partsOf(b)];
  const n = Math.min(x.length, y.length);
  return x.slice(0, n).every((k, i) => k === y[i]);
}

/** `true`/`false`/absent, else the API server's 400. */
function booleanParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ApiError(
    'BadRequest',
    `${name}: Invalid value: "${raw}": strconv.ParseBool: parsing "${raw}": invalid syntax`,
  );
}

/** `dryRun=All` (the only value the API server knows), else absent. */
function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values)
    if (v !== 'All')
      throw new ApiError(
        'BadRequest',
        `dryRun: Unsupported value: "${v}": supported values: "All"`,
      );
  return values.length > 0;
}

function assertNamespace(state: KubernetesClusterState, namespace: string) {
  if (!namespaceObjects(state).some(n => n.metadata.name === namespace))
    throw notFound('namespaces', '', namespace);
}

const invalid = (
  type: ResourceType,
  name: string,
  causes: Array<{ field: string; message: string; reason: string }>,
) =>
  new ApiError(
    'Invalid',
    `${type.kind}.${type.group} "${name}" is invalid: ${causes
      .map(c => `${c.field}: ${c.message}`)
      .join(', ')}`,
    { name, group: type.group, kind: type.kind, causes },
  );

const required = (field: string) => ({
  field,
  message: 'Required value',
  reason: 'FieldValueRequired',
});
const wrongType = (field: string, expected: string) => ({
  field,
  message: `Invalid value: must be of type ${expected}`,
  reason: 'FieldValueTypeInvalid',
});

/** The parts of the CRDs' OpenAPI schemas the operator stand-in relies on (422 as the API server says it). */
function validate(type: ResourceType, name: string, config: KubeObject) {
  const causes: Array<{ field: string; message: string; reason: string }> = [];
  const spec = config.spec;
  if (spec === undefined) causes.push(required('spec'));
  else if (!isPlainObject(spec)) causes.push(wrongType('spec', 'object'));
  else if (type.kind === 'PrometheusRule') {
    if (spec.groups !== undefined && !Array.isArray(spec.groups))
      causes.push(wrongType('spec.groups', 'array'));
    (Array.isArray(spec.groups) ? spec.groups : []).forEach((g, i) => {
      const at = `spec.groups[${i}]`;
      if (!isPlainObject(g)) return causes.push(wrongType(at, 'object'));
      if (typeof g.name !== 'string' || !g.name)
        causes.push(required(`${at}.name`));
      if (!Array.isArray(g.rules)) causes.push(required(`${at}.rules`));
      else
        g.rules.forEach((r, j) => {
          if (!isPlainObject(r) || r.expr === undefined)
            causes.push(required(`${at}.rules[${j}].expr`));
        });
      return undefined;
    });
  } else if (type.kind === 'ServiceMonitor') {
    if (!isPlainObject(spec.selector)) causes.push(required('spec.selector'));
    if (spec.endpoints !== undefined && !Array.isArray(spec.endpoints))
      causes.push(wrongType('spec.endpoints', 'array'));
  }
  if (causes.length) throw invalid(type, name, causes);
}

function parseConfig(
  type: ResourceType,
  namespace: string,
  name: string,
  body: string,
): KubeObject {
  let config: unknown;
  try {
    config = parse(body);
  } catch (e) {
    throw new ApiError(
      'BadRequest',
      `error decoding YAML: ${(e as Error).message}`,
    );
  }
  if (!isPlainObject(config))
    throw new ApiError(
      'BadRequest',
      'error decoding YAML: the body is not an object',
    );
  const expected = groupVersionOf(type);
  if (config.apiVersion !== expected || config.kind !== type.kind)
    throw new ApiError(
      'BadRequest',
      `the body's apiVersion and kind (${String(config.apiVersion)}, ${String(
        config.kind,
      )}) do not match the resource on the URL (${expected}, ${type.kind})`,
    );
  const metadata = isPlainObject(config.metadata) ? config.metadata : {};
  if (metadata.name !== name)
    throw new ApiError(
      'BadRequest',
      `the name of the object (${String(
        metadata.name ?? '',
      )}) does not match the name on the URL (${name})`,
    );
  if (metadata.namespace !== undefined && metadata.namespace !== namespace)
    throw new ApiError(
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  if (metadata.managedFields !== undefined)
    throw new ApiError('BadRequest', 'metadata.managedFields must be nil');
  return config as KubeObject;
}

function conflictError(
  type: ResourceType,
  conflicts: Array<{ manager: string; field: string }>,
): ApiError {
  const gv = groupVersionOf(type);
  const byManager = new Map<string, string[]>();
  for (const c of conflicts)
    byManager.set(c.manager, [
      ...(byManager.get(c.manager) ?? []),
      fieldPathText(c.field),
    ]);
  const n = conflicts.length;
  const message =
    n === 1
      ? `Apply failed with 1 conflict: conflict with "${
          conflicts[0].manager
        }" using ${gv}: ${fieldPathText(conflicts[0].field)}`
      : `Apply failed with ${n} conflicts: ${[...byManager]
          .map(
            ([m, fields]) =>
              `conflicts with "${m}" using ${gv}:\n${fields
                .map(f => `- ${f}`)
                .join('\n')}`,
          )
          .join('\n')}`;
  return new ApiError('Conflict', message, {
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${gv}`,
      field: fieldPathText(c.field),
    })),
  });
}

/** Content that decides whether an apply changed anything (not the server's bookkeeping). */
function fingerprint(stored: StoredObject) {
  const { resourceVersion: _rv, ...metadata } = stored.object.metadata;
  return {
    ...stored.object,
    metadata,
    managers: [...stored.managers]
      .map(([m, { paths }]) => [m, [...paths].sort()])
      .sort(),
  };
}

export interface ApplyInput {
  state: KubernetesClusterState;
  type: ResourceType;
  namespace: string;
  name: string;
  contentType: string;
  body: string;
  query: URLSearchParams;
}

/** One server-side apply (`PATCH` with `application/apply-patch+yaml`): 201 created, else 200. */
export function serverSideApply(input: ApplyInput): {
  status: number;
  object: KubeObject;
} {
  const { state, type, namespace, name, query } = input;
  const mediaType = input.contentType.split(';')[0].trim().toLowerCase();
  if (mediaType !== APPLY_PATCH_TYPE)
    throw new ApiError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${APPLY_PATCH_TYPE}`,
    );
  const manager = query.get('fieldManager') ?? '';
  if (!manager)
    throw new ApiError(
      'BadRequest',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  if (manager.length > 128)
    throw new ApiError(
      'BadRequest',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be longer than 128',
    );
  const force = booleanParam(query, 'force');
  const dryRun = isDryRun(query);
  assertNamespace(state, namespace);
  const config = parseConfig(type, namespace, name, input.body);
  validate(type, name, config);

  const store = CustomResourceStore.of(state);
  const live = store.get(type, namespace, name);
  const wantedRv = config.metadata.resourceVersion;
  if (
    wantedRv !== undefined &&
    wantedRv !== live?.object.metadata.resourceVersion
  )
    throw new ApiError(
      'Conflict',
      `Operation cannot be fulfilled on ${type.plural}.${type.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: type.group, kind: type.plural },
    );

  const paths = fieldPaths(config);
  const managers = new Map(
    [...(live?.managers ?? [])].map(([m, v]) => [
      m,
      { paths: new Set(v.paths), time: v.time },
    ]),
  );
  const conflicts: Array<{ manager: string; field: string }> = [];
  for (const [other, owned] of managers) {
    if (other === manager) continue;
    for (const theirs of owned.paths)
      for (const p of paths)
        if (
          overlaps(p, theirs) &&
          !isDeepStrictEqual(valueAt(live?.object, p), valueAt(config, p))
        )
          conflicts.push({ manager: other, field: theirs });
  }
  if (conflicts.length && !force) throw conflictError(type, conflicts);
  for (const { manager: other, field } of conflicts) {
    const owned = managers.get(other)!;
    owned.paths.delete(field);
    if (!owned.paths.size) managers.delete(other);
  }

  const object: KubeObject = live
    ? clone(live.object)
    : {
        apiVersion: config.apiVersion,
        kind: config.kind,
        metadata: { name, namespace },
      };
  const ownedByOthers = (p: string) =>
    [...managers].some(
      ([m, v]) => m !== manager && [...v.paths].some(o => overlaps(o, p)),
    );
  for (const previous of managers.get(manager)?.paths ?? [])
    if (!paths.includes(previous) && !ownedByOthers(previous))
      deleteAt(object, previous);
  for (const p of paths) setAt(object, p, valueAt(config, p));
  const now = new Date(state.nowMs()).toISOString().replace(/\.\d+Z$/, 'Z');
  const previousPaths = managers.get(manager)?.paths;
  if (
    !previousPaths ||
    !isDeepStrictEqual([...previousPaths].sort(), [...paths].sort())
  )
    managers.set(manager, { paths: new Set(paths), time: now });
  if (!paths.length) managers.delete(manager);

  const next: StoredObject = { object, managers };
  if (live && isDeepStrictEqual(fingerprint(live), fingerprint(next)))
    return { status: 200, object: withManagedFields(live, type) };
  // Something changed: the manager's time says when it last did.
  if (managers.has(manager)) managers.get(manager)!.time = now;
  if (!live) {
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = now;
    object.metadata.generation = 1;
  } else if (!isDeepStrictEqual(live.object.spec, object.spec))
    object.metadata.generation =
      Number(live.object.metadata.generation ?? 1) + 1;
  if (dryRun) {
    // Not persisted: the live version (none for a create), as a real dry run answers.
    if (live)
      object.metadata.resourceVersion = live.object.metadata.resourceVersion;
    else delete object.metadata.resourceVersion;
    return { status: live ? 200 : 201, object: withManagedFields(next, type) };
  }
  object.metadata.resourceVersion = state.versionOf(
    `${type.group}/${type.plural}/${namespace}/${name}`,
    fingerprint(next),
  );
  store.put(type, next);
  return { status: live ? 200 : 201, object: withManagedFields(next, type) };
}

/** `DELETE` of one object: 200 with the object as it was (nothing stored in a dry run). */
export function deleteObject(input: {
  state: KubernetesClusterState;
  type: ResourceType;
  namespace: string;
  name: string;
  query: URLSearchParams;
}): KubeObject {
  const { state, type, namespace, name } = input;
  const dryRun = isDryRun(input.query);
  const store = CustomResourceStore.of(state);
  const live = store.get(type, namespace, name);
  if (!live) throw notFound(type.plural, type.group, name);
  if (!dryRun) store.delete(type, namespace, name);
  return withManagedFields(live, type);
}
