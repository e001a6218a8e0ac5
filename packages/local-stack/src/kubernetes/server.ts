import http from 'node:http';
import { deleteObject, serverSideApply } from './apply.ts';
import { KubernetesClusterState, type ClusterSource } from './clusterState.ts';
import {
  CustomResourceStore,
  type CustomResourceChange,
} from './customResources.ts';
import {
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from './discovery.ts';
import type { KubeObject } from './objects.ts';
import { parsePodLogOptions, podLogText } from './podLogs.ts';
import {
  fieldValue,
  findResourceType,
  groupVersionOf,
  type ResourceType,
} from './resources.ts';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
import { ApiError, notFound, unknownPath } from './status.ts';

export interface KubernetesStandInOptions {
  /** 0 = a free port. */
  port: number;
  host?: string;
  /** The cluster stand-in's pods (its `RunningClusterExporter`), so both views agree. */
  source: ClusterSource;
  /** The workload's JSON log file per service, served as the first pod's log. */
  logFiles?: Record<string, string>;
  /** When set, every request needs `Authorization: Bearer <token>` (else 401). */
  token?: string;
  /** Clock (ms); tests may pin it. */
  now?: () => number;
  /**
   * Resources (plurals, e.g. `events`) RBAC also denies the reader (403 Forbidden), as a
   * service account without the role for them sees it. Secrets are always denied.
   */
  forbidden?: string[];
  /** False: a cluster without metrics-server (`metrics.k8s.io` is not served: 404). */
  metricsApi?: boolean;
  /** Sees every request (method, path, query), e.g. to prove which were made. */
  onRequest?(request: { method: string; path: string; query: string }): void;
  /** Sees every stored change of the writable custom resources (the operator stand-in). */
  onCustomResourceChange?(change: CustomResourceChange): void;
}

export interface RunningKubernetesStandIn {
  url: string;
  /** The cluster's read state; an incident replay drives it with `setScenario`. */
  state: KubernetesClusterState;
  close(): Promise<void>;
}

/** Who RBAC names in a 403: the stand-in grants its reader everything but Secrets. */
const READER = 'system:serviceaccount:backstage:festivals-reader';

interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

type Answer = { json: unknown } | { target: Target };

/** Discovery documents, or the resource a path names; unknown paths are the API server's NotFound. */
function route(path: string, host: string): Answer {
  if (path === '/version' || path === '/version/')
    return { json: VERSION_INFO };
  let parts: string[];
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw unknownPath();
  }
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { json: apiVersions(host) };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { json: apiGroupList() };
    if (parts.length === 2) {
      const doc = apiGroupDocument(parts[1]);
      if (!doc) throw unknownPath();
      return { json: doc };
    }
    group = parts[1];
    rest = parts.slice(2);
  } else throw unknownPath();
  const version = rest[0];
  rest = rest.slice(1);
  if (!rest.length) {
    const doc = apiResourceList(group, version);
    if (!doc) throw unknownPath();
    return { json: doc };
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const type = findResourceType(group, version, plural);
  if (
    !type ||
    extra.length ||
    (namespace !== undefined && !type.namespaced) ||
    (name !== undefined && namespace === undefined && type.namespaced) ||
    (subresource !== undefined && !type.subresources?.includes(subresource))
  )
    throw unknownPath();
  return { target: { type, namespace, name, subresource } };
}

function verbOf(method: string, target: Target): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return target.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return target.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function forbidden(method: string, target: Target): ApiError {
  const { type, namespace, name } = target;
  const resource = type.group ? `${type.plural}.${type.group}` : type.plural;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return new ApiError(
    'Forbidden',
    `${resource}${
      name ? ` "${name}"` : ''
    } is forbidden: User "${READER}" cannot ${verbOf(
      method,
      target,
    )} resource "${type.plural}" in API group "${type.group}" ${scope}`,
    {
      ...(name ? { name } : {}),
      ...(type.group ? { group: type.group } : {}),
      kind: type.plural,
    },
  );
}

/** An APIGroupList without one group (a cluster that does not serve it). */
function withoutGroup(json: unknown, group: string): unknown {
  const groupList = json as { groups: Array<{ name: string }> };
  return {
    ...groupList,
    groups: groupList.groups.filter(g => g.name !== group),
  };
}

const methodNotAllowed = () =>
  new ApiError(
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );

/** A list's `continue` token: where the next page starts, at which list resourceVersion. */
const encodeContinue = (rv: string, start: number) =>
  Buffer.from(JSON.stringify({ rv, start })).toString('base64url');

function decodeContinue(token: string): number {
  try {
    const { start } = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (Number.isInteger(start) && start >= 0) return start;
  } catch {
    // falls through to the 400
  }
  throw new ApiError(
    'BadRequest',
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function positiveInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw))
    throw new ApiError(
      'BadRequest',
      `unable to parse ${name}: strconv.ParseInt: parsing "${raw}": invalid syntax`,
    );
  return Number(raw) || undefined;
}

function list(
  state: KubernetesClusterState,
  target: Target,
  query: URLSearchParams,
) {
  const { type, namespace } = target;
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(
    query.get('fieldSelector') ?? '',
    new Set(['metadata.name', 'metadata.namespace', ...(type.fields ?? [])]),
  );
  const limit = positiveInt(query, 'limit');
  const start = query.get('continue')
    ? decodeContinue(query.get('continue')!)
    : 0;
  const key = (o: KubeObject) =>
    `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const all = type.objects!(state)
    .filter(o => namespace === undefined || o.metadata.namespace === namespace)
    .filter(o => matchesLabels(labels, o.metadata.labels))
    .filter(o => matchesFields(fields, f => fieldValue(o, f)))
    // etcd's order: by key, namespace then name.
    .sort((a, b) => Number(key(a) > key(b)) - Number(key(a) < key(b)));
  const resourceVersion = state.resourceVersion;
  const page = limit ? all.slice(start, start + limit) : all.slice(start);
  const remaining = all.length - start - page.length;
  return {
    kind: `${type.kind}List`,
    apiVersion: groupVersionOf(type),
    metadata: {
      resourceVersion,
      ...(limit && remaining > 0
        ? {
            continue: encodeContinue(resourceVersion, start + page.length),
            remainingItemCount: remaining,
          }
        : {}),
    },
    // The API server leaves kind and apiVersion off list items.
    items: page.map(
      ({ kind: _kind, apiVersion: _apiVersion, ...item }) => item,
    ),
  };
}

function get(state: KubernetesClusterState, target: Target): KubeObject {
  const { type, namespace, name } = target;
  const found = type.objects!(state).find(
    o => o.metadata.name === name && o.metadata.namespace === namespace,
  );
  if (!found) throw notFound(type.plural, type.group, name!);
  return found;
}

/** The API server's limit on a request body (3 MiB). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The Kubernetes API stand-in: a read-only API server for the local stack (no kube-apiserver
 * can be installed here), serving the festivals workloads as the API reference documents them.
 * Writes: server-side apply and delete of the prometheus-operator's ServiceMonitors and
 * PrometheusRules (apply.ts); every other write is a 405.
 * Left out: watches, Table output, protobuf; Secrets are always 403.
 */
export async function startKubernetesStandIn(
  options: KubernetesStandInOptions,
): Promise<RunningKubernetesStandIn> {
  const state = KubernetesClusterState.create({
    source: options.source,
    now: options.now,
  });
  const host = options.host ?? '127.0.0.1';

  if (options.onCustomResourceChange)
    CustomResourceStore.of(state).onChange(options.onCustomResourceChange);

  const handle = async (
    req: http.IncomingMessage,
  ): Promise<{ status: number; type: string; body: string }> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    options.onRequest?.({
      method,
      path: url.pathname,
      query: url.search.slice(1),
    });
    if (
      options.token !== undefined &&
      req.headers.authorization !== `Bearer ${options.token}`
    )
      throw new ApiError('Unauthorized', 'Unauthorized');
    if (
      options.metricsApi === false &&
      /^\/apis\/metrics\.k8s\.io(\/|$)/.test(url.pathname)
    )
      throw unknownPath();
    const answer = route(url.pathname, req.headers.host ?? host);
    if ('json' in answer) {
      if (method !== 'GET') throw methodNotAllowed();
      const json =
        options.metricsApi === false &&
        url.pathname.replace(/\/$/, '') === '/apis'
          ? withoutGroup(answer.json, 'metrics.k8s.io')
          : answer.json;
      return {
        status: 200,
        type: 'application/json',
        body: JSON.stringify(json),
      };
    }
    const { target } = answer;
    if (!target.type.objects || options.forbidden?.includes(target.type.plural))
      throw forbidden(method, target);
    if (target.type.writable && target.name && !target.subresource) {
      const write = {
        state,
        type: target.type,
        namespace: target.namespace!,
        name: target.name,
        query: url.searchParams,
      };
      if (method === 'PATCH') {
        const { status, object } = serverSideApply({
          ...write,
          contentType: req.headers['content-type'] ?? '',
          body: await readBody(req),
        });
        return {
          status,
          type: 'application/json',
          body: JSON.stringify(object),
        };
      }
      if (method === 'DELETE')
        return {
          status: 200,
          type: 'application/json',
          body: JSON.stringify(deleteObject(write)),
        };
    }
    if (method !== 'GET') throw methodNotAllowed();
    if (
      url.searchParams.get('watch') === 'true' ||
      url.searchParams.get('watch') === '1'
    )
      throw new ApiError(
        'MethodNotAllowed',
        'watch is not supported: the stand-in serves snapshots only',
      );
    if (target.subresource === 'log') {
      const pod = state
        .podStates()
        .find(
          p =>
            p.pod.pod === target.name && p.pod.namespace === target.namespace,
        );
      if (!pod) throw notFound('pods', '', target.name!);
      const text = podLogText(
        pod,
        parsePodLogOptions(pod.pod.pod, url.searchParams),
        options.logFiles?.[pod.pod.service],
        state.nowMs(),
      );
      return { status: 200, type: 'text/plain', body: text };
    }
    const body = target.name
      ? get(state, target)
      : list(state, target, url.searchParams);
    return {
      status: 200,
      type: 'application/json',
      body: JSON.stringify(body),
    };
  };

  const server = http.createServer(async (req, res) => {
    let out: { status: number; type: string; body: string };
    try {
      out = await handle(req);
    } catch (e) {
      const error =
        e instanceof ApiError
          ? e
          : new ApiError(
              'InternalError',
              `stand-in failure: ${(e as Error).message}`,
            );
      out = {
        status: error.code,
        type: 'application/json',
        body: JSON.stringify(error.toStatus()),
      };
    }
    // Request bodies (writes) are refused unread; drain them so the socket stays usable.
    req.resume();
    res.writeHead(out.status, { 'Content-Type': out.type });
    res.end(out.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}`,
    state,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
