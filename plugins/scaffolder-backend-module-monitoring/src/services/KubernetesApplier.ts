import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ApiException,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  describeObject,
  type ManifestObject,
} from '../validation/validateManifests';
import { describeFailure } from './kubernetesErrors';

export { KubernetesApplyError } from './kubernetesErrors';

export interface ClusterSettings {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** Namespaces a template may apply to; undefined = any the service account may write. */
  namespaces?: string[];
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

function sameContent(a: KubernetesObject, b: KubernetesObject): boolean {
  const pick = (o: KubernetesObject) => ({
    labels: o.metadata?.labels ?? {},
    annotations: o.metadata?.annotations ?? {},
    spec: (o as { spec?: unknown }).spec,
  });
  return isDeepStrictEqual(pick(a), pick(b));
}

/**
 * Reads and server-side applies manifests on one cluster. The caller passes the field manager
 * (one per entity) and the live object it read first (to check ownership and tell created from
 * configured from unchanged). Applying the same object twice is a no-op.
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
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify,
      },
      { name: 'backstage', token: cluster.serviceAccountToken },
    );
    return new KubernetesApplier(
      cluster,
      KubernetesObjectApi.makeApiClient(kc),
    );
  }

  /** The live object (GET), or undefined when it does not exist. */
  async read(object: ManifestObject): Promise<KubernetesObject | undefined> {
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
    options: {
      dryRun: boolean;
      force: boolean;
      fieldManager: string;
      /** The live object as read before (undefined: it does not exist). */
      before: KubernetesObject | undefined;
    },
  ): Promise<ApplyResult> {
    const { before } = options;
    let after: KubernetesObject;
    try {
      // A copy: the client fills in defaults on the object it is given.
      after = await this.api.patch(
        structuredClone(object) as KubernetesObject,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager,
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
    const caFile = c.getOptionalString('caFile');
    if (caFile !== undefined && !fs.existsSync(caFile))
      throw new Error(
        `monitoring.scaffolder.kubernetes.clusters[].caFile: no file at '${caFile}'`,
      );
    return {
      name: c.getString('name'),
      url,
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      caFile,
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
      namespaces: c.getOptionalStringArray('namespaces'),
    };
  });
  return { clusters, defaultCluster: k?.getOptionalString('defaultCluster') };
}

/** The cluster a run targets: the one named, else the default, else the only one; undefined if none. */
export function selectCluster(
  settings: { clusters: ClusterSettings[]; defaultCluster?: string },
  name: string | undefined,
): ClusterSettings | undefined {
  // A template passes its optional form field as '' when left empty: that means "not chosen".
  const wanted = name?.trim() || settings.defaultCluster || undefined;
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
