import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ApiException,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { isDeepStrictEqual } from 'node:util';
import {
  describeObject,
  type ManifestObject,
} from '../validation/validateManifests';

/** Server-side apply owner of every field this module sets; fixed, so re-applies converge. */
export const FIELD_MANAGER = 'backstage-festivals-monitoring';

export interface ClusterSettings {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
}

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
  kind: string;
  namespace: string;
  name: string;
  /** What the apply did (or, in a dry run, would do). */
  outcome: ApplyOutcome;
  resourceVersion?: string;
}

/** Why an API call failed, in words: status, the API server's message, and what to do. */
export class KubernetesApplyError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'KubernetesApplyError';
  }
}

function nextStep(status: number | undefined): string {
  switch (status) {
    case 401:
      return 'check monitoring.scaffolder.kubernetes.clusters[].serviceAccountToken';
    case 403:
      return 'grant the service account get and patch on servicemonitors and prometheusrules (monitoring.coreos.com) in that namespace';
    case 404:
      return 'install the prometheus-operator CRDs in the cluster, and check the namespace exists';
    case 409:
      return 'another field manager owns these fields: change them through that manager, or re-run with force: true to take them over';
    case 422:
      return 'the cluster’s validation refused the manifest: fix the template input';
    default:
      return 'check the cluster URL and that the API server is healthy, then re-run (applying again is safe)';
  }
}

/** The API server's Status object from an error body (the client may hand it over as text). */
function statusOf(
  body: unknown,
): { message?: string; reason?: string } | string {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  return (body ?? '') as { message?: string; reason?: string };
}

function describeFailure(
  e: unknown,
  what: string,
  cluster: ClusterSettings,
): Error {
  if (e instanceof ApiException) {
    const body = statusOf(e.body);
    const detail =
      typeof body === 'object' && body?.message
        ? `${body.reason ? `${body.reason}: ` : ''}${body.message}`
        : String(body).slice(0, 500);
    const message = `Kubernetes cluster '${
      cluster.name
    }' refused ${what} (HTTP ${e.code}): ${detail}. Next step: ${nextStep(
      e.code,
    )}`;
    return e.code === 409
      ? new ConflictError(message)
      : new KubernetesApplyError(message, e.code);
  }
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message ?? err.message;
  return new KubernetesApplyError(
    `Kubernetes API of cluster '${cluster.name}' at ${
      cluster.url
    } failed for ${what} (${cause}). Next step: ${nextStep(undefined)}`,
  );
}

function sameContent(a: KubernetesObject, b: KubernetesObject): boolean {
  const pick = (o: KubernetesObject) => ({
    labels: o.metadata?.labels ?? {},
    annotations: o.metadata?.annotations ?? {},
    spec: (o as { spec?: unknown }).spec,
  });
  return isDeepStrictEqual(pick(a), pick(b));
}

/**
 * Applies manifests to one cluster with server-side apply (fixed field manager). Every manifest
 * first goes through a server dry run, so an object the cluster refuses stops the run before
 * anything is written; the real apply then repeats the same patches. Applying twice is a no-op.
 */
export class KubernetesApplier {
  private constructor(
    readonly cluster: ClusterSettings,
    private readonly api: KubernetesObjectApi,
  ) {}

  static create(cluster: ClusterSettings): KubernetesApplier {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
      { name: 'backstage', token: cluster.serviceAccountToken },
    );
    return new KubernetesApplier(
      cluster,
      KubernetesObjectApi.makeApiClient(kc),
    );
  }

  private async read(
    object: ManifestObject,
  ): Promise<KubernetesObject | undefined> {
    try {
      return await this.api.read({
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: {
          name: object.metadata.name,
          namespace: object.metadata.namespace,
        },
      });
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return undefined;
      throw describeFailure(
        e,
        `reading ${describeObject(object)}`,
        this.cluster,
      );
    }
  }

  /** One server-side apply; `dryRun` = the server's dryRun=All (validated, nothing persisted). */
  async apply(
    object: ManifestObject,
    options: { dryRun: boolean; force: boolean },
  ): Promise<ApplyResult> {
    const before = await this.read(object);
    let after: KubernetesObject;
    try {
      // A copy: the client fills in defaults on the object it is given.
      after = await this.api.patch(
        structuredClone(object) as KubernetesObject,
        undefined,
        options.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        options.force,
        PatchStrategy.ServerSideApply,
      );
    } catch (e) {
      throw describeFailure(
        e,
        `${options.dryRun ? 'a dry-run apply of' : 'applying'} ${describeObject(
          object,
        )}`,
        this.cluster,
      );
    }
    let outcome: ApplyOutcome = 'configured';
    if (!before) outcome = 'created';
    else if (sameContent(before, after)) outcome = 'unchanged';
    return {
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      outcome,
      resourceVersion: after.metadata?.resourceVersion,
    };
  }
}

/** Clusters from `monitoring.scaffolder.kubernetes`, read (and checked) at start. */
export function readClusters(config: Config): {
  clusters: ClusterSettings[];
  defaultCluster?: string;
} {
  const k = config.getOptionalConfig('monitoring.scaffolder.kubernetes');
  const clusters = (k?.getOptionalConfigArray('clusters') ?? []).map(c => {
    const url = c.getString('url');
    if (!URL.canParse(url))
      throw new Error(
        `monitoring.scaffolder.kubernetes.clusters[].url must be an absolute URL, got '${url}'`,
      );
    return {
      name: c.getString('name'),
      url,
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  });
  return { clusters, defaultCluster: k?.getOptionalString('defaultCluster') };
}

/** The cluster a run targets: the one named, else the default, else the only one; undefined if none. */
export function selectCluster(
  settings: { clusters: ClusterSettings[]; defaultCluster?: string },
  name: string | undefined,
): ClusterSettings | undefined {
  const wanted = name ?? settings.defaultCluster;
  if (!wanted) {
    if (settings.clusters.length > 1)
      throw new InputError(
        `cluster: several Kubernetes clusters are configured (${settings.clusters
          .map(c => c.name)
          .join(
            ', ',
          )}); name one, or set monitoring.scaffolder.kubernetes.defaultCluster`,
      );
    return settings.clusters[0];
  }
  const found = settings.clusters.find(c => c.name === wanted);
  if (!found)
    throw new InputError(
      `cluster: no Kubernetes cluster named '${wanted}' in monitoring.scaffolder.kubernetes.clusters (configured: ${
        settings.clusters.map(c => c.name).join(', ') || 'none'
      })`,
    );
  return found;
}
