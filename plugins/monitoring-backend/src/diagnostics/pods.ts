import {
  ContainerResources,
  PodDiagnostic,
} from '@internal/plugin-monitoring-common';
import { V1Pod } from '@kubernetes/client-node';
import { parseQuantity } from './quantities';

const iso = (d: Date | string | undefined) =>
  d === undefined ? undefined : new Date(d).toISOString();

/** What `kubectl get pods` shows, plus why each container last ended (OOMKilled flagged). */
export function podDiagnostic(pod: V1Pod): PodDiagnostic {
  const statuses = pod.status?.containerStatuses ?? [];
  const terminated = statuses
    .filter(s => s.lastState?.terminated)
    .map(s => ({ container: s.name, t: s.lastState!.terminated! }))
    .sort(
      (a, b) =>
        new Date(b.t.finishedAt ?? 0).getTime() -
        new Date(a.t.finishedAt ?? 0).getTime(),
    );
  const last = terminated[0];
  const waiting = statuses.find(s => s.state?.waiting?.reason);
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: statuses.length > 0 && statuses.every(s => s.ready),
    readyContainers: statuses.filter(s => s.ready).length,
    containers: pod.spec?.containers.length ?? statuses.length,
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    ...(waiting && { waitingReason: waiting.state!.waiting!.reason }),
    ...(last && {
      lastTermination: {
        container: last.container,
        reason: last.t.reason ?? 'Unknown',
        exitCode: last.t.exitCode,
        finishedAt: iso(last.t.finishedAt),
      },
    }),
    oomKilled: terminated.some(t => t.t.reason === 'OOMKilled'),
    ...(pod.status?.startTime && { startedAt: iso(pod.status.startTime) }),
    ...(pod.spec?.nodeName && { node: pod.spec.nodeName }),
  };
}

/** Each container's requests and limits from the pod spec (cores, bytes). */
export function containerSpecs(pod: V1Pod): ContainerResources[] {
  return (pod.spec?.containers ?? []).map(c => {
    const r = c.resources ?? {};
    return {
      container: c.name,
      cpuRequestCores: parseQuantity(r.requests?.cpu),
      cpuLimitCores: parseQuantity(r.limits?.cpu),
      memoryRequestBytes: parseQuantity(r.requests?.memory),
      memoryLimitBytes: parseQuantity(r.limits?.memory),
    };
  });
}

/** Usage over the sum of the limits, when every container has both. */
export function limitRatio(
  containers: ContainerResources[],
  usage: 'cpuCores' | 'memoryBytes',
  limit: 'cpuLimitCores' | 'memoryLimitBytes',
): number | undefined {
  if (!containers.length) return undefined;
  if (containers.some(c => c[usage] === undefined || !c[limit]))
    return undefined;
  const used = containers.reduce((n, c) => n + c[usage]!, 0);
  const max = containers.reduce((n, c) => n + c[limit]!, 0);
  return used / max;
}
