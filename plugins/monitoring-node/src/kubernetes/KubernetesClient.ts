import { redactSecrets } from '../http/redactSecrets';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  ConfigurationOptions,
  CoreV1Api,
  CoreV1Event,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  ObservableMiddleware,
  V1Deployment,
  V1Pod,
  V1PodSpec,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  CLUSTER_LOCATOR_CONFIG,
  KubernetesCluster,
  readClusters,
} from './readClusters';

/**
 * Why a Kubernetes call failed: the cluster did not answer (or not in time), the API server
 * refused the token (401) or the service account's RBAC (403), the object is not there (404),
 * or anything else the API server said.
 * @public
 */
export type KubernetesFailure =
  | 'ClusterUnreachable'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Upstream';

/**
 * A failed Kubernetes call, with a message naming the cluster (and its URL when it could not be
 * reached), the resource, and what to do.
 * @public
 */
export class KubernetesRequestError extends Error {
  constructor(
    message: string,
    readonly reason: KubernetesFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubernetesRequestError';
  }
}

/**
 * One PodMetrics of `metrics.k8s.io/v1beta1` (what `kubectl top pods` reads).
 * @public
 */
export interface KubernetesPodMetrics {
  metadata: { name: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers: Array<{ name: string; usage: { cpu?: string; memory?: string } }>;
}

interface ClusterApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  custom: CustomObjectsApi;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Objects per list call: a namespace's events can be many; the diagnostics need the latest. */
const LIST_LIMIT = 500;

/** Env values can hold credentials: they never leave this client. */
function withoutEnv(spec: V1PodSpec | undefined): void {
  if (!spec) return;
  for (const c of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ]) {
    delete (c as { env?: unknown }).env;
    delete (c as { envFrom?: unknown }).envFrom;
  }
}

function statusMessage(e: ApiException<unknown>): string | undefined {
  const body = e.body;
  try {
    const status =
      typeof body === 'string'
        ? JSON.parse(body)
        : (body as { message?: unknown } | undefined);
    if (status && typeof status.message === 'string') return status.message;
  } catch {
    // not a Status body
  }
  return undefined;
}

/**
 * The one client of the Kubernetes API for the monitoring plugins' read-only diagnostics, over
 * `@kubernetes/client-node`, for the clusters of `kubernetes.clusterLocatorMethods`. It can read
 * pods (env stripped), Deployments, events, HPAs, PodMetrics and capped pod logs: it has no way
 * to read Secrets, exec into a container or write anything.
 * @public
 */
export class KubernetesClient {
  private readonly apis = new Map<string, ClusterApis>();

  private constructor(
    private readonly clusterList: KubernetesCluster[],
    private readonly timeoutMs: number,
  ) {}

  /** Reads `kubernetes.clusterLocatorMethods` once, at start. */
  static create(options: {
    config: RootConfigService;
    /** Per call, default 10 s. */
    timeoutMs?: number;
  }): KubernetesClient {
    return new KubernetesClient(
      readClusters(options.config),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }

  /** The configured clusters (type `config`). */
  clusters(): KubernetesCluster[] {
    return [...this.clusterList];
  }

  /** The named cluster, else the first; undefined when none is configured. */
  getCluster(name?: string): KubernetesCluster | undefined {
    return name === undefined
      ? this.clusterList[0]
      : this.clusterList.find(c => c.name === name);
  }

  /** The message for "no cluster configured", naming the config key. */
  static noClusterMessage(): string {
    return `No Kubernetes cluster is configured: add a cluster of type config to ${CLUSTER_LOCATOR_CONFIG} (the Kubernetes plugin's clusters)`;
  }

  async listPods(
    cluster: KubernetesCluster,
    namespace: string,
    labelSelector: string,
  ): Promise<V1Pod[]> {
    const list = await this.call(cluster, 'pods', namespace, (apis, request) =>
      apis.core.listNamespacedPod(
        {
          namespace,
          labelSelector,
          limit: LIST_LIMIT,
        },
        request,
      ),
    );
    for (const pod of list.items) withoutEnv(pod.spec);
    return list.items;
  }

  async listDeployments(
    cluster: KubernetesCluster,
    namespace: string,
    labelSelector: string,
  ): Promise<V1Deployment[]> {
    const list = await this.call(
      cluster,
      'deployments.apps',
      namespace,
      (apis, request) =>
        apis.apps.listNamespacedDeployment(
          {
            namespace,
            labelSelector,
            limit: LIST_LIMIT,
          },
          request,
        ),
    );
    for (const d of list.items) withoutEnv(d.spec?.template?.spec);
    return list.items;
  }

  /** Events of the namespace (the API cannot select them by the involved object's labels). */
  async listEvents(
    cluster: KubernetesCluster,
    namespace: string,
  ): Promise<CoreV1Event[]> {
    const list = await this.call(
      cluster,
      'events',
      namespace,
      (apis, request) =>
        apis.core.listNamespacedEvent(
          { namespace, limit: LIST_LIMIT },
          request,
        ),
    );
    return list.items;
  }

  async listHorizontalPodAutoscalers(
    cluster: KubernetesCluster,
    namespace: string,
    labelSelector?: string,
  ): Promise<V2HorizontalPodAutoscaler[]> {
    const list = await this.call(
      cluster,
      'horizontalpodautoscalers.autoscaling',
      namespace,
      (apis, request) =>
        apis.autoscaling.listNamespacedHorizontalPodAutoscaler(
          {
            namespace,
            labelSelector,
            limit: LIST_LIMIT,
          },
          request,
        ),
    );
    return list.items;
  }

  /** `metrics.k8s.io` PodMetrics; a 404 (`NotFound`) when the cluster has no metrics-server. */
  async listPodMetrics(
    cluster: KubernetesCluster,
    namespace: string,
    labelSelector: string,
  ): Promise<KubernetesPodMetrics[]> {
    const list = (await this.call(
      cluster,
      'pods.metrics.k8s.io',
      namespace,
      (apis, request) =>
        apis.custom.listNamespacedCustomObject(
          {
            group: 'metrics.k8s.io',
            version: 'v1beta1',
            namespace,
            plural: 'pods',
            labelSelector,
          },
          request,
        ),
    )) as { items?: KubernetesPodMetrics[] };
    return list.items ?? [];
  }

  /**
   * The last `tailLines` lines of a pod's container log, at most `limitBytes`, each prefixed
   * with its RFC 3339 time (`timestamps=true`).
   */
  async readPodLog(
    cluster: KubernetesCluster,
    namespace: string,
    pod: string,
    options: {
      tailLines: number;
      limitBytes: number;
      container?: string;
      /** The container instance before its last restart (`kubectl logs --previous`). */
      previous?: boolean;
    },
  ): Promise<string> {
    return this.call(cluster, 'pods/log', namespace, (apis, request) =>
      apis.core.readNamespacedPodLog(
        {
          name: pod,
          namespace,
          container: options.container,
          tailLines: options.tailLines,
          limitBytes: options.limitBytes,
          timestamps: true,
          ...(options.previous && { previous: true }),
        },
        request,
      ),
    );
  }

  private apisOf(cluster: KubernetesCluster): ClusterApis {
    const known = this.apis.get(cluster.name);
    if (known) return known;
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
      { name: 'backstage-monitoring', token: cluster.serviceAccountToken },
    );
    const apis = {
      core: kc.makeApiClient(CoreV1Api),
      apps: kc.makeApiClient(AppsV1Api),
      autoscaling: kc.makeApiClient(AutoscalingV2Api),
      custom: kc.makeApiClient(CustomObjectsApi),
    };
    this.apis.set(cluster.name, apis);
    return apis;
  }

  /**
   * One call, bounded in time, its failure turned into a {@link KubernetesRequestError}. The
   * timeout aborts the request itself, so a hung API server does not keep the socket open.
   */
  private async call<T>(
    cluster: KubernetesCluster,
    resource: string,
    namespace: string,
    fn: (
      apis: ClusterApis,
      options: ConfigurationOptions<ObservableMiddleware>,
    ) => Promise<T>,
  ): Promise<T> {
    const where = `Kubernetes cluster '${cluster.name}'`;
    const timedOut = new KubernetesRequestError(
      `${where} (${cluster.url}) did not answer within ${
        this.timeoutMs / 1000
      }s reading ${resource}. Check that the API server is up and reachable from the backend.`,
      'ClusterUnreachable',
    );
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(timedOut);
        controller.abort(timedOut);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([
        fn(this.apisOf(cluster), withSignal(controller.signal)),
        timeout,
      ]);
    } catch (e) {
      throw this.failure(e, cluster, resource, namespace);
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(
    e: unknown,
    cluster: KubernetesCluster,
    resource: string,
    namespace: string,
  ): KubernetesRequestError {
    if (e instanceof KubernetesRequestError) return e;
    const where = `Kubernetes cluster '${cluster.name}'`;
    if (!(e instanceof ApiException)) {
      const cause = (e as { cause?: { message?: string } }).cause?.message;
      return new KubernetesRequestError(
        `${where} could not be reached at ${cluster.url}: ${
          cause ?? (e as Error).message
        }. Check ${CLUSTER_LOCATOR_CONFIG}[].clusters[].url and that the API server is up.`,
        'ClusterUnreachable',
      );
    }
    // The API server's message may repeat the request's token; never pass it on.
    const said = redactSecrets(statusMessage(e) ?? e.message, [
      cluster.serviceAccountToken,
    ]);
    switch (e.code) {
      case 401:
        return new KubernetesRequestError(
          `${where} refused the service account token (401: ${said}). Check serviceAccountToken in ${CLUSTER_LOCATOR_CONFIG}.`,
          'Unauthorized',
          401,
        );
      case 403:
        return new KubernetesRequestError(
          `The service account of ${where} lacks RBAC for ${resource} in namespace ${namespace} (403: ${said}). Grant it get and list on ${resource} there.`,
          'Forbidden',
          403,
        );
      case 404:
        return new KubernetesRequestError(
          `${where} has no ${resource} here (404: ${said})`,
          'NotFound',
          404,
        );
      default:
        return new KubernetesRequestError(
          `${where} answered ${e.code} reading ${resource}: ${said}`,
          'Upstream',
          e.code,
        );
    }
  }
}

/**
 * Service ref so tests (and adopters) can swap the Kubernetes client.
 * @public
 */
export const kubernetesClientServiceRef = createServiceRef<KubernetesClient>({
  id: 'monitoring.kubernetes-client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => KubernetesClient.create({ config }),
    }),
});

/** Per-call options that hand `signal` to the client's fetch (the generated client has no signal parameter). */
function withSignal(
  signal: AbortSignal,
): ConfigurationOptions<ObservableMiddleware> {
  return {
    middleware: [
      {
        pre: context => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: context => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
