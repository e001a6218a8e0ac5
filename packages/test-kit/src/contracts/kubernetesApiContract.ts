import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

/**
 * A Kubernetes API contract server: the tests' stand-in for the API server (no kube-apiserver can
 * run here; production talks to a real one through the same client). It implements, for
 * the two prometheus-operator kinds only, what the Kubernetes API reference and the server-side
 * apply documentation (https://kubernetes.io/docs/reference/using-api/server-side-apply/) specify:
 *
 * - discovery: `GET /apis/monitoring.coreos.com/v1` → APIResourceList;
 * - `GET .../namespaces/{ns}/{plural}/{name}` → the object, or 404 Status NotFound;
 * - `PATCH` with `Content-Type: application/apply-patch+yaml`: `fieldManager` required, `force`,
 *   `dryRun=All` (validated and answered, nothing persisted); field ownership tracked per
 *   manager in `metadata.managedFields`; a field another manager owns with a different value is a
 *   409 Status Conflict (causes FieldManagerConflict) unless `force=true`, which takes it over;
 *   fields a manager stops applying are removed unless someone else owns them; an apply that
 *   changes nothing leaves `resourceVersion` as it was; 201 on create, 200 on update;
 * - other patch types → 415, bearer token checked (401), per-resource RBAC denial (403).
 *
 * Simplification (stated): lists are atomic (one field each), as for CRD lists without
 * `x-kubernetes-list-type: map`.
 */

const GROUP = 'monitoring.coreos.com';
const VERSION = 'v1';
const RESOURCES = [
  {
    name: 'servicemonitors',
    singularName: 'servicemonitor',
    kind: 'ServiceMonitor',
  },
  {
    name: 'prometheusrules',
    singularName: 'prometheusrule',
    kind: 'PrometheusRule',
  },
];

// JSON copies, not structuredClone: under Jest that yields objects of another realm, which
// isDeepStrictEqual then tells apart from equal ones.
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

interface Stored {
  object: Obj;
  /** manager → owned field paths (e.g. `.spec.endpoints`, `.metadata.labels.release`). */
  owners: Map<string, Set<string>>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
}

export interface KubernetesApiContractServer {
  url: string;
  requests: RecordedRequest[];
  /** The stored object (deep copy), or undefined. */
  get(plural: string, namespace: string, name: string): Obj | undefined;
  /** Plurals the service account may not patch (RBAC denial → 403). */
  forbidden: Set<string>;
  /** The next non-dry-run apply of this plural fails with `status` (e.g. 500: etcd timeout). */
  failNextWrite(plural: string, status: number): void;
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string, details?: Obj) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

const IGNORED_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
]);

// A field path is kept as its list of keys (label keys contain dots), encoded as JSON for Sets;
// shown the way the API server shows it: `.spec.endpoints`.
type FieldPath = string;
const keysOf = (p: FieldPath): string[] => JSON.parse(p);
const showPath = (p: FieldPath) => `.${keysOf(p).join('.')}`;

/** Leaf field paths of an applied configuration (objects recurse; lists and scalars are leaves). */
function fieldPaths(o: Obj, prefix: string[] = []): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (
      !prefix.length &&
      (k === 'apiVersion' || k === 'kind' || k === 'status')
    )
      continue;
    if (prefix.length === 1 && prefix[0] === 'metadata' && IGNORED_META.has(k))
      continue;
    const p = [...prefix, k];
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length
    )
      out.push(...fieldPaths(v, p));
    else out.push(JSON.stringify(p));
  }
  return out;
}

function getPath(o: Obj, p: FieldPath): Json | undefined {
  let cur: Json | undefined = o;
  for (const k of keysOf(p)) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Obj)[k];
  }
  return cur;
}

function setPath(o: Obj, p: FieldPath, value: Json) {
  const keys = keysOf(p);
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object' || Array.isArray(cur[k]))
      cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[keys[keys.length - 1]] = clone(value);
}

function deletePath(o: Obj, p: FieldPath) {
  const keys = keysOf(p);
  const parents: Obj[] = [];
  let cur: Obj = o;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (!next || typeof next !== 'object' || Array.isArray(next)) return;
    parents.push(cur);
    cur = next as Obj;
  }
  delete cur[keys[keys.length - 1]];
  // Drop maps left empty.
  for (let i = keys.length - 2; i >= 0; i--) {
    const parent = parents[i];
    const child = parent[keys[i]] as Obj;
    if (Object.keys(child).length === 0) delete parent[keys[i]];
    else break;
  }
}

function fieldsV1(paths: Set<FieldPath>): Obj {
  const root: Obj = {};
  for (const p of paths) {
    let cur = root;
    for (const k of keysOf(p)) {
      const key = `f:${k}`;
      cur[key] = (cur[key] as Obj) ?? {};
      cur = cur[key] as Obj;
    }
  }
  return root;
}

function content(o: Obj) {
  const meta = (o.metadata ?? {}) as Obj;
  return { labels: meta.labels, annotations: meta.annotations, spec: o.spec };
}

export async function startKubernetesApiContractServer(
  options: {
    token?: string;
    /** false: a cluster without the prometheus-operator CRDs (the group is not served). */
    crdsInstalled?: boolean;
  } = {},
): Promise<KubernetesApiContractServer> {
  const store = new Map<string, Stored>();
  const requests: RecordedRequest[] = [];
  const forbidden = new Set<string>();
  const failWrites = new Map<string, number>();
  let revision = 1000;
  let uid = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const query = Object.fromEntries(url.searchParams);
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query,
        contentType: req.headers['content-type'],
      });
      const send = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (
        options.token &&
        req.headers.authorization !== `Bearer ${options.token}`
      )
        return send(401, status(401, 'Unauthorized', 'Unauthorized'));

      if (
        options.crdsInstalled === false &&
        url.pathname.startsWith(`/apis/${GROUP}/`)
      )
        return send(
          404,
          status(
            404,
            'NotFound',
            'the server could not find the requested resource',
          ),
        );
      if (req.method === 'GET' && url.pathname === `/apis/${GROUP}/${VERSION}`)
        return send(200, {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: `${GROUP}/${VERSION}`,
          resources: RESOURCES.map(r => ({
            ...r,
            namespaced: true,
            verbs: [
              'delete',
              'deletecollection',
              'get',
              'list',
              'patch',
              'create',
              'update',
              'watch',
            ],
          })),
        });

      const m = url.pathname.match(
        /^\/apis\/monitoring\.coreos\.com\/v1\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/,
      );
      const resource = m && RESOURCES.find(r => r.name === m[2]);
      if (!m || !resource)
        return send(
          404,
          status(
            404,
            'NotFound',
            'the server could not find the requested resource',
          ),
        );
      const [, namespace, plural, name] = m.map(decodeURIComponent);
      const key = `${plural}/${namespace}/${name}`;
      const qualified = `${plural}.${GROUP}`;
      const notFound = () =>
        send(
          404,
          status(404, 'NotFound', `${qualified} "${name}" not found`, {
            name,
            group: GROUP,
            kind: plural,
          }),
        );

      if (req.method === 'GET') {
        const stored = store.get(key);
        return stored ? send(200, stored.object) : notFound();
      }
      if (req.method !== 'PATCH')
        return send(
          405,
          status(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          ),
        );

      const contentType = (req.headers['content-type'] ?? '').split(';')[0];
      if (contentType !== 'application/apply-patch+yaml')
        return send(
          415,
          status(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
          ),
        );
      const manager = query.fieldManager;
      if (!manager)
        return send(
          400,
          status(
            400,
            'BadRequest',
            'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          ),
        );
      if (query.dryRun !== undefined && query.dryRun !== 'All')
        return send(
          400,
          status(
            400,
            'BadRequest',
            `PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "${query.dryRun}": supported values: "All"`,
          ),
        );
      const dryRun = query.dryRun === 'All';
      const force = query.force === 'true';
      const failure = dryRun ? undefined : failWrites.get(plural);
      if (failure) {
        failWrites.delete(plural);
        return send(
          failure,
          status(
            failure,
            'InternalError',
            'Internal error occurred: etcdserver: request timed out',
          ),
        );
      }
      if (forbidden.has(plural))
        return send(
          403,
          status(
            403,
            'Forbidden',
            `${qualified} "${name}" is forbidden: User "system:serviceaccount:backstage:backstage" cannot patch resource "${plural}" in API group "${GROUP}" in the namespace "${namespace}"`,
            { name, group: GROUP, kind: plural },
          ),
        );

      let applied: Obj;
      try {
        applied = parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return send(
          400,
          status(
            400,
            'BadRequest',
            `error decoding YAML: ${(e as Error).message}`,
          ),
        );
      }
      const meta = (applied?.metadata ?? {}) as Obj;
      if (
        applied?.apiVersion !== `${GROUP}/${VERSION}` ||
        applied?.kind !== resource.kind
      )
        return send(
          400,
          status(
            400,
            'BadRequest',
            `the body's apiVersion/kind (${String(
              applied?.apiVersion,
            )}/${String(
              applied?.kind,
            )}) does not match ${GROUP}/${VERSION}, Kind=${resource.kind}`,
          ),
        );
      if (meta.name !== name)
        return send(
          400,
          status(
            400,
            'BadRequest',
            `the name of the object (${String(
              meta.name,
            )}) does not match the name on the URL (${name})`,
          ),
        );
      if (meta.namespace !== undefined && meta.namespace !== namespace)
        return send(
          400,
          status(
            400,
            'BadRequest',
            'the namespace of the provided object does not match the namespace sent on the request',
          ),
        );

      const existing = store.get(key);
      const live: Obj = existing
        ? clone(existing.object)
        : {
            apiVersion: applied.apiVersion,
            kind: applied.kind,
            metadata: { name, namespace },
          };
      const owners = new Map(
        [...(existing?.owners ?? new Map<string, Set<string>>())].map(
          ([k, v]) => [k, new Set(v)],
        ),
      );
      const paths = fieldPaths(applied);

      // Conflicts: a field another manager owns, applied with a different value.
      const conflicts: Array<{ manager: string; field: string }> = [];
      for (const p of paths) {
        for (const [other, owned] of owners) {
          if (other === manager || !owned.has(p)) continue;
          if (!isDeepStrictEqual(getPath(live, p), getPath(applied, p)))
            conflicts.push({ manager: other, field: p });
        }
      }
      if (conflicts.length && !force) {
        const list = conflicts
          .map(c => `conflict with "${c.manager}": ${showPath(c.field)}`)
          .join('\n- ');
        return send(
          409,
          status(
            409,
            'Conflict',
            `Apply failed with ${conflicts.length} conflict${
              conflicts.length > 1 ? 's' : ''
            }: ${conflicts.length > 1 ? `\n- ${list}` : list}`,
            {
              name,
              group: GROUP,
              kind: plural,
              causes: conflicts.map(c => ({
                reason: 'FieldManagerConflict',
                message: `conflict with "${c.manager}"`,
                field: showPath(c.field),
              })),
            },
          ),
        );
      }
      for (const c of conflicts) owners.get(c.manager)?.delete(c.field);

      // Fields this manager no longer applies are removed unless another manager owns them.
      const previous = owners.get(manager) ?? new Set<string>();
      const next = new Set(paths);
      for (const p of previous) {
        if (next.has(p)) continue;
        const ownedElsewhere = [...owners].some(
          ([other, owned]) => other !== manager && owned.has(p),
        );
        if (!ownedElsewhere) deletePath(live, p);
      }
      for (const p of paths) setPath(live, p, getPath(applied, p)!);
      owners.set(manager, next);
      for (const [k, v] of [...owners]) if (!v.size) owners.delete(k);

      const liveMeta = live.metadata as Obj;
      const changed =
        !existing ||
        !isDeepStrictEqual(content(existing.object), content(live));
      if (!existing) {
        liveMeta.uid = `00000000-0000-4000-8000-${String(++uid).padStart(
          12,
          '0',
        )}`;
        liveMeta.creationTimestamp = new Date()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z');
        liveMeta.generation = 1;
      } else if (
        changed &&
        !isDeepStrictEqual(existing.object.spec, live.spec)
      ) {
        liveMeta.generation = Number(liveMeta.generation ?? 1) + 1;
      }
      const ownershipChanged =
        !existing ||
        !isDeepStrictEqual(
          [...existing.owners].map(([k, v]) => [k, [...v].sort()]).sort(),
          [...owners].map(([k, v]) => [k, [...v].sort()]).sort(),
        );
      if (changed || ownershipChanged) {
        // A dry run answers with what would be stored, but is not given a new version.
        if (!dryRun) liveMeta.resourceVersion = String(++revision);
        liveMeta.managedFields = [...owners].map(([mgr, owned]) => ({
          manager: mgr,
          operation: 'Apply',
          apiVersion: `${GROUP}/${VERSION}`,
          time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          fieldsType: 'FieldsV1',
          fieldsV1: fieldsV1(owned),
        }));
      }
      if (!dryRun && (changed || ownershipChanged))
        store.set(key, { object: clone(live), owners });
      return send(existing ? 200 : 201, live);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    forbidden,
    failNextWrite: (plural, code) => failWrites.set(plural, code),
    get: (plural, namespace, name) => {
      const s = store.get(`${plural}/${namespace}/${name}`);
      return s ? clone(s.object) : undefined;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
