import {
  DIAGNOSTIC_EVENTS,
  EventDiagnostic,
} from '@internal/plugin-monitoring-common';
import { CoreV1Event } from '@kubernetes/client-node';

const time = (e: CoreV1Event) =>
  new Date(
    e.lastTimestamp ??
      e.eventTime ??
      e.firstTimestamp ??
      e.metadata.creationTimestamp ??
      0,
  ).getTime();

const iso = (d: Date | undefined) =>
  d === undefined ? undefined : new Date(d).toISOString();

/**
 * The guide's `get events --sort-by='.lastTimestamp' | tail -20`, for the entity's own objects
 * only (its pods, their ReplicaSets, its Deployments and HPAs): the 20 most recent, newest first.
 */
export function entityEvents(
  events: CoreV1Event[],
  objects: Set<string>,
): EventDiagnostic[] {
  return events
    .filter(e =>
      objects.has(`${e.involvedObject.kind}/${e.involvedObject.name}`),
    )
    .sort((a, b) => time(b) - time(a))
    .slice(0, DIAGNOSTIC_EVENTS)
    .map(e => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: e.message ?? '',
      object: {
        kind: e.involvedObject.kind ?? '',
        name: e.involvedObject.name ?? '',
      },
      count: e.count ?? 1,
      firstTimestamp: iso(e.firstTimestamp),
      lastTimestamp: iso(e.lastTimestamp ?? e.eventTime),
    }));
}
