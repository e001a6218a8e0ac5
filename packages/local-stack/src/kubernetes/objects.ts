import { CONTAINER_LIMITS } from '../clusterMetrics.ts';
import {
  imageOf,
  NODE_NAME,
  replicaSetOf,
  uidOf,
  type ClusterEvent,
  type KubernetesClusterState,
  type PodState,
} from './clusterState.ts';
import {
  binaryBytes,
  kibibytes,
  millicores,
  nanocores,
  timestamp,
} from './quantities.ts';

/**
 * The festivals workloads as Kubernetes objects, shaped as the API reference documents them
 * (https://kubernetes.io/docs/reference/kubernetes-api/): Namespaces, Pods, Services, Events,
 * Deployments, ReplicaSets, HorizontalPodAutoscalers (v2 and v1) and metrics.k8s.io PodMetrics.
 */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

/** Requests are half the limits, so HPA utilisation (against requests) reads as Kubernetes computes it. */
export const CONTAINER_REQUESTS = {
  cpuCores: CONTAINER_LIMITS.cpuCores / 2,
  memoryBytes: CONTAINER_LIMITS.memoryBytes / 2,
};

/** The HPA's CPU target, as a share of the requests (`averageUtilization`). */
export const HPA_CPU_TARGET_PERCENT = 70;
/** The HPA controller's default tolerance: no scaling within ±10% of the target. */
const HPA_TOLERANCE = 0.1;
const HPA_DEFAULT_MAX = 10;

const APP_LABEL = 'app.kubernetes.io/name';
const BACKSTAGE_LABEL = 'backstage.io/kubernetes-id';
const HTTP_PORT = 8080;

/** Labels every object of a service carries: the app name and the one Backstage's Kubernetes tab selects on. */
export const serviceLabels = (service: string) => ({
  [APP_LABEL]: service,
  'app.kubernetes.io/part-of': 'festivals',
  [BACKSTAGE_LABEL]: service,
});

const podTemplateHash = (rs: string) => rs.slice(rs.lastIndexOf('-') + 1);

/** Objects get a resourceVersion that moves only when their content does. */
function versioned<T extends KubeObject>(
  state: KubernetesClusterState,
  object: T,
): T {
  const key = `${object.apiVersion}/${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
  object.metadata.resourceVersion = state.versionOf(key, object);
  return object;
}

function container(service: string) {
  return {
    name: service,
    image: imageOf(service),
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' }],
    // Names only: values come from references, and Secrets are never served.
    env: [
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'festivals-db', key: 'url' } },
      },
      {
        name: 'REDIS_URL',
        valueFrom: { secretKeyRef: { name: 'festivals-redis', key: 'url' } },
      },
      {
        name: 'POD_NAME',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' },
        },
      },
    ],
    resources: {
      requests: {
        cpu: millicores(CONTAINER_REQUESTS.cpuCores),
        memory: binaryBytes(CONTAINER_REQUESTS.memoryBytes),
      },
      limits: {
        cpu: millicores(CONTAINER_LIMITS.cpuCores),
        memory: binaryBytes(CONTAINER_LIMITS.memoryBytes),
      },
    },
    readinessProbe: {
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function podSpec(service: string) {
  return {
    containers: [container(service)],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
  };
}

const octets = (text: string) => {
  const h = uidOf(text).replace(/-/g, '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16) || 1];
};

export const isReady = (p: PodState) => !p.waitingReason;

export function podObject(
  state: KubernetesClusterState,
  p: PodState,
): KubeObject {
  const { pod } = p;
  const rs = replicaSetOf(pod);
  const created = timestamp(p.createdAt);
  const ready = isReady(p);
  const [a, b] = octets(`pod/${pod.uid}`);
  const condition = (type: string, ok = true) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: ok ? created : timestamp(p.containerStartedAt),
    ...(ok
      ? {}
      : {
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${pod.container}]`,
        }),
  });
  const containerId = (instance: number) =>
    `containerd://${uidOf(`${pod.uid}/${instance}`).replace(/-/g, '')}`;
  return versioned(state, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.pod,
      generateName: `${rs}-`,
      namespace: pod.namespace,
      uid: pod.uid,
      creationTimestamp: created,
      labels: {
        ...serviceLabels(pod.service),
        'pod-template-hash': podTemplateHash(rs),
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs,
          uid: uidOf(`replicaset/${pod.namespace}/${rs}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...podSpec(pod.service), nodeName: NODE_NAME },
    status: {
      phase: 'Running',
      conditions: [
        condition('Initialized'),
        condition('Ready', ready),
        condition('ContainersReady', ready),
        condition('PodScheduled'),
      ],
      hostIP: '10.0.0.10',
      podIP: `10.244.${a}.${b}`,
      podIPs: [{ ip: `10.244.${a}.${b}` }],
      startTime: created,
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: pod.container,
          image: imageOf(pod.service),
          imageID: `registry.local/${pod.service}@sha256:${uidOf(
            `image/${pod.service}`,
          ).replace(/-/g, '')}${uidOf(`image2/${pod.service}`).replace(
            /-/g,
            '',
          )}`,
          containerID: containerId(p.restarts),
          ready,
          started: ready,
          restartCount: p.restarts,
          state: p.waitingReason
            ? {
                waiting: {
                  reason: p.waitingReason,
                  message: `back-off 5m0s restarting failed container=${pod.container} pod=${pod.pod}_${pod.namespace}(${pod.uid})`,
                },
              }
            : { running: { startedAt: timestamp(p.containerStartedAt) } },
          lastState: p.lastTermination
            ? {
                terminated: {
                  exitCode: p.lastTermination.exitCode,
                  reason: p.lastTermination.reason,
                  startedAt: timestamp(p.lastTermination.startedAt),
                  finishedAt: timestamp(p.lastTermination.finishedAt),
                  containerID: containerId(p.restarts - 1),
                },
              }
            : {},
        },
      ],
    },
  });
}

/** Pods grouped by service, in the cluster stand-in's order. */
function byService(pods: PodState[]): Map<string, PodState[]> {
  const out = new Map<string, PodState[]>();
  for (const p of pods)
    out.set(p.pod.service, [...(out.get(p.pod.service) ?? []), p]);
  return out;
}

function workloadStatus(pods: PodState[]) {
  const ready = pods.filter(isReady).length;
  return { replicas: pods.length, ready };
}

export function deploymentObjects(state: KubernetesClusterState): KubeObject[] {
  return [...byService(state.podStates())].map(([service, pods]) => {
    const { namespace } = pods[0].pod;
    const { replicas, ready } = workloadStatus(pods);
    const created = timestamp(state.startedAt);
    // RollingUpdate's default maxUnavailable is 25%, rounded down.
    const available = ready >= replicas - Math.floor(replicas / 4);
    return versioned(state, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: service,
        namespace,
        uid: uidOf(`deployment/${namespace}/${service}`),
        generation: 1,
        creationTimestamp: created,
        labels: serviceLabels(service),
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas,
        selector: { matchLabels: { [APP_LABEL]: service } },
        template: {
          metadata: { labels: serviceLabels(service) },
          spec: podSpec(service),
        },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
        },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(replicas > ready ? { unavailableReplicas: replicas - ready } : {}),
        conditions: [
          {
            type: 'Available',
            status: available ? 'True' : 'False',
            reason: available
              ? 'MinimumReplicasAvailable'
              : 'MinimumReplicasUnavailable',
            message: available
              ? 'Deployment has minimum availability.'
              : 'Deployment does not have minimum availability.',
            lastUpdateTime: created,
            lastTransitionTime: created,
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${replicaSetOf(
              pods[0].pod,
            )}" has successfully progressed.`,
            lastUpdateTime: created,
            lastTransitionTime: created,
          },
        ],
      },
    });
  });
}

export function replicaSetObjects(state: KubernetesClusterState): KubeObject[] {
  return [...byService(state.podStates())].map(([service, pods]) => {
    const { namespace } = pods[0].pod;
    const rs = replicaSetOf(pods[0].pod);
    const { replicas, ready } = workloadStatus(pods);
    const labels = {
      ...serviceLabels(service),
      'pod-template-hash': podTemplateHash(rs),
    };
    return versioned(state, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rs,
        namespace,
        uid: uidOf(`replicaset/${namespace}/${rs}`),
        generation: 1,
        creationTimestamp: timestamp(state.startedAt),
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(
            replicas + Math.ceil(replicas / 4),
          ),
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: service,
            uid: uidOf(`deployment/${namespace}/${service}`),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        selector: {
          matchLabels: {
            [APP_LABEL]: service,
            'pod-template-hash': podTemplateHash(rs),
          },
        },
        template: { metadata: { labels }, spec: podSpec(service) },
      },
      status: {
        replicas,
        fullyLabeledReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: 1,
      },
    });
  });
}

/** The HPA's numbers, as its controller computes them from the pods' CPU against requests. */
export function hpaStatus(state: KubernetesClusterState, pods: PodState[]) {
  const scenario = state.scenarioOf(pods[0].pod.service);
  const current = pods.length;
  const minReplicas = scenario.minReplicas ?? current;
  const maxReplicas = Math.max(
    scenario.maxReplicas ?? HPA_DEFAULT_MAX,
    minReplicas,
  );
  const avgCores = pods.reduce((s, p) => s + p.cpuCores, 0) / current;
  const utilization = Math.round(
    (avgCores / CONTAINER_REQUESTS.cpuCores) * 100,
  );
  const ratio = utilization / HPA_CPU_TARGET_PERCENT;
  const wanted =
    Math.abs(ratio - 1) <= HPA_TOLERANCE ? current : Math.ceil(current * ratio);
  const desired = Math.min(maxReplicas, Math.max(minReplicas, wanted));
  return {
    minReplicas,
    maxReplicas,
    current,
    desired,
    wanted,
    utilization,
    avgCores,
  };
}

/** The HPA's ScalingLimited condition, in the controller's words. */
function scalingLimited(wanted: number, min: number, max: number) {
  if (wanted > max)
    return {
      status: 'True',
      reason: 'TooManyReplicas',
      message:
        'the desired replica count is more than the maximum replica count',
    };
  if (wanted < min)
    return {
      status: 'True',
      reason: 'TooFewReplicas',
      message:
        'the desired replica count is less than the minimum replica count',
    };
  return {
    status: 'False',
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}

export function hpaObjects(state: KubernetesClusterState): KubeObject[] {
  return [...byService(state.podStates())].map(([service, pods]) => {
    const { namespace } = pods[0].pod;
    const h = hpaStatus(state, pods);
    const created = timestamp(state.startedAt);
    const limited = scalingLimited(h.wanted, h.minReplicas, h.maxReplicas);
    return versioned(state, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: service,
        namespace,
        uid: uidOf(`hpa/${namespace}/${service}`),
        creationTimestamp: created,
        labels: serviceLabels(service),
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: service,
        },
        minReplicas: h.minReplicas,
        maxReplicas: h.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: {
                type: 'Utilization',
                averageUtilization: HPA_CPU_TARGET_PERCENT,
              },
            },
          },
        ],
      },
      status: {
        currentReplicas: h.current,
        desiredReplicas: h.desired,
        currentMetrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: {
                averageUtilization: h.utilization,
                averageValue: millicores(h.avgCores),
              },
            },
          },
        ],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ReadyForNewScale',
            message: 'recommended size matches current size',
            lastTransitionTime: created,
          },
          {
            type: 'ScalingActive',
            status: 'True',
            reason: 'ValidMetricFound',
            message:
              'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
            lastTransitionTime: created,
          },
          { type: 'ScalingLimited', ...limited, lastTransitionTime: created },
        ],
      },
    });
  });
}

/** The same HPAs through autoscaling/v1 (older Backstage Kubernetes backends ask for it). */
export function hpaV1Objects(state: KubernetesClusterState): KubeObject[] {
  return hpaObjects(state).map(o => {
    const spec = o.spec as {
      scaleTargetRef: unknown;
      minReplicas: number;
      maxReplicas: number;
    };
    const status = o.status as {
      currentReplicas: number;
      desiredReplicas: number;
      currentMetrics: Array<{
        resource: { current: { averageUtilization: number } };
      }>;
    };
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: o.metadata,
      spec: {
        scaleTargetRef: spec.scaleTargetRef,
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        targetCPUUtilizationPercentage: HPA_CPU_TARGET_PERCENT,
      },
      status: {
        currentReplicas: status.currentReplicas,
        desiredReplicas: status.desiredReplicas,
        currentCPUUtilizationPercentage:
          status.currentMetrics[0].resource.current.averageUtilization,
      },
    };
  });
}

export function serviceObjects(state: KubernetesClusterState): KubeObject[] {
  return [...byService(state.podStates())].map(([service, pods]) => {
    const { namespace } = pods[0].pod;
    const [a, b] = octets(`service/${namespace}/${service}`);
    const clusterIP = `10.96.${a}.${b}`;
    return versioned(state, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: service,
        namespace,
        uid: uidOf(`service/${namespace}/${service}`),
        creationTimestamp: timestamp(state.startedAt),
        labels: serviceLabels(service),
      },
      spec: {
        type: 'ClusterIP',
        clusterIP,
        clusterIPs: [clusterIP],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
        sessionAffinity: 'None',
        selector: { [APP_LABEL]: service },
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
          // The port the guide's ServiceMonitor scrapes.
          {
            name: 'metrics',
            protocol: 'TCP',
            port: HTTP_PORT,
            targetPort: 'http',
          },
        ],
      },
      status: { loadBalancer: {} },
    });
  });
}

export function namespaceObjects(state: KubernetesClusterState): KubeObject[] {
  return ['default', 'kube-system', state.namespace].map(name =>
    versioned(state, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uidOf(`namespace/${name}`),
        creationTimestamp: timestamp(state.startedAt),
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }),
  );
}

export function eventObject(e: ClusterEvent): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: e.name,
      namespace: e.namespace,
      uid: e.uid,
      resourceVersion: e.resourceVersion,
      creationTimestamp: timestamp(e.firstTimestamp),
    },
    involvedObject: e.involvedObject,
    reason: e.reason,
    message: e.message,
    source: e.source,
    firstTimestamp: timestamp(e.firstTimestamp),
    lastTimestamp: timestamp(e.lastTimestamp),
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: e.source.component,
    reportingInstance: e.source.host ?? '',
  };
}

/** metrics-server's PodMetrics: usage per container, CPU in nanocores and memory in Ki. */
export function podMetricsObject(
  state: KubernetesClusterState,
  p: PodState,
): KubeObject {
  const now = state.nowMs();
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: {
      name: p.pod.pod,
      namespace: p.pod.namespace,
      creationTimestamp: timestamp(now),
      labels: {
        ...serviceLabels(p.pod.service),
        'pod-template-hash': podTemplateHash(replicaSetOf(p.pod)),
      },
    },
    timestamp: timestamp(now - 15_000),
    window: '15s',
    containers: [
      {
        name: p.pod.container,
        usage: { cpu: nanocores(p.cpuCores), memory: kibibytes(p.memoryBytes) },
      },
    ],
  };
}
