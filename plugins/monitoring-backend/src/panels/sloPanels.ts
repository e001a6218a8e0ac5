import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_SLO_AVAILABILITY,
  ANNOTATION_SLO_LATENCY,
  PanelDefinition,
  readSloObjectives,
  SLO_PANEL_IDS,
  sloPanels,
} from '@internal/plugin-monitoring-common';

/**
 * The entity's SLO panels, from its SLO annotations, and why any annotation could not be read.
 * A request that names an SLO panel the entity does not offer (no annotation, or one that does
 * not parse) is a 400 naming the annotation; a page asking for "all panels" gets the others and
 * the annotation's error to show.
 */
export function entitySloPanels(options: {
  entity: Entity;
  entityRef: string;
  requestedIds?: string[];
}): { panels: PanelDefinition[]; errors: string[] } {
  const { entity, entityRef, requestedIds } = options;
  const { objectives, errors } = readSloObjectives(entity.metadata.annotations);
  const panels = sloPanels(objectives);
  for (const id of requestedIds ?? []) {
    if (!SLO_PANEL_IDS.includes(id) || panels.some(p => p.id === id)) continue;
    const annotation = id.startsWith('slo-latency-')
      ? ANNOTATION_SLO_LATENCY
      : ANNOTATION_SLO_AVAILABILITY;
    const error = errors.find(e => e.includes(annotation));
    throw new InputError(
      error
        ? `Invalid request: panels: '${id}' needs a valid ${annotation} annotation on ${entityRef}. ${error}`
        : `Invalid request: panels: '${id}' needs the ${annotation} annotation, which ${entityRef} does not have`,
    );
  }
  return { panels, errors };
}
