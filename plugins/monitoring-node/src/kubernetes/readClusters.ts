import { Config } from '@backstage/config';

/**
 * A cluster as `kubernetes.clusterLocatorMethods` (type `config`) declares it for Backstage's
 * Kubernetes plugin: the diagnostics read the same entries, never a second cluster config.
 * @public
 */
export interface KubernetesCluster {
  name: string;
  url: string;
  /** Bearer token of a read-only service account (secret: never logged or returned). */
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  /** PEM CA bundle, base64 (kubeconfig's certificate-authority-data). */
  caData?: string;
  /** The Kubernetes plugin's switch: when true, CPU/memory come from Prometheus only. */
  skipMetricsLookup: boolean;
}

/** Config path, for messages. */
export const CLUSTER_LOCATOR_CONFIG = 'kubernetes.clusterLocatorMethods';

/**
 * Clusters of every `type: config` locator. Other locator types (catalog, gke, …) are found by
 * the Kubernetes plugin at runtime and are not used for diagnostics. Bad URLs fail at start.
 */
export function readClusters(config: Config): KubernetesCluster[] {
  const methods = config.getOptionalConfigArray(CLUSTER_LOCATOR_CONFIG) ?? [];
  const clusters: KubernetesCluster[] = [];
  methods.forEach((method, i) => {
    if (method.getString('type') !== 'config') return;
    for (const [j, c] of (
      method.getOptionalConfigArray('clusters') ?? []
    ).entries()) {
      const url = c.getString('url');
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new Error(
          `${CLUSTER_LOCATOR_CONFIG}[${i}].clusters[${j}].url must be an absolute URL, got '${url}'`,
        );
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new Error(
          `${CLUSTER_LOCATOR_CONFIG}[${i}].clusters[${j}].url must be http(s), got '${url}'`,
        );
      }
      clusters.push({
        name: c.getString('name'),
        url: url.replace(/\/+$/, ''),
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: c.getOptionalString('caData'),
        skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
      });
    }
  });
  return clusters;
}
