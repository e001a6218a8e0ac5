import { HpaDiagnostic } from '@internal/plugin-monitoring-common';
import {
  V2HorizontalPodAutoscaler,
  V2MetricStatus,
  V2MetricSpec,
} from '@kubernetes/client-node';

function metricName(m: V2MetricSpec | V2MetricStatus): string {
  return (
    m.resource?.name ??
    m.containerResource?.name ??
    m.pods?.metric.name ??
    m.object?.metric.name ??
    m.external?.metric.name ??
    m.type
  );
}

function targetText(m: V2MetricSpec): string {
  const t =
    m.resource?.target ??
    m.containerResource?.target ??
    m.pods?.target ??
    m.object?.target ??
    m.external?.target;
  if (!t) return '<unknown>';
  if (t.averageUtilization !== undefined) return `${t.averageUtilization}%`;
  return String(t.averageValue ?? t.value ?? '<unknown>');
}

function currentText(m: V2MetricStatus | undefined): string {
  const c =
    m?.resource?.current ??
    m?.containerResource?.current ??
    m?.pods?.current ??
    m?.object?.current ??
    m?.external?.current;
  if (!c) return '<unknown>';
  if (c.averageUtilization !== undefined) return `${c.averageUtilization}%`;
  return String(c.averageValue ?? c.value ?? '<unknown>');
}

/** What `kubectl get hpa` shows, with "at max" spelled out. */
export function hpaDiagnostic(hpa: V2HorizontalPodAutoscaler): HpaDiagnostic {
  const current = hpa.status?.currentReplicas ?? 0;
  const desired = hpa.status?.desiredReplicas ?? current;
  const max = hpa.spec?.maxReplicas ?? 0;
  const statuses = hpa.status?.currentMetrics ?? [];
  return {
    name: hpa.metadata?.name ?? '',
    target: `${hpa.spec?.scaleTargetRef.kind}/${hpa.spec?.scaleTargetRef.name}`,
    currentReplicas: current,
    desiredReplicas: desired,
    minReplicas: hpa.spec?.minReplicas ?? 1,
    maxReplicas: max,
    atMax: max > 0 && Math.max(current, desired) >= max,
    metrics: (hpa.spec?.metrics ?? []).map(
      m =>
        `${metricName(m)}: ${currentText(
          statuses.find(
            s => s.type === m.type && metricName(s) === metricName(m),
          ),
        )}/${targetText(m)}`,
    ),
  };
}
