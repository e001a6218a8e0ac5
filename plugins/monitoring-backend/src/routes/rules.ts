import { Entity } from '@backstage/catalog-model';
import {
  alertScopeMatchers,
  ANNOTATION_NAMESPACE,
  ANNOTATION_PROMETHEUS_JOB,
  RulesResponse,
} from '@internal/plugin-monitoring-common';
import {
  parseRequest,
  PrometheusClient,
} from '@internal/plugin-monitoring-node';
import express from 'express';
import { z } from 'zod';
import { toMonitoringRules } from '../alerts/mapping';
import { EntityAccess } from '../entity/EntityAccess';
import { prometheusInstanceFor } from '../entity/entityInstance';
import { requireAnnotation } from '../entity/requireAnnotation';
import { upstream } from './upstreamError';

const entityQuerySchema = z.object({ entityRef: z.string().min(1) });

/** The labels by which rule expressions can name the entity. */
function identityLabels(entity: Entity): Record<string, string> {
  const annotations = entity.metadata.annotations ?? {};
  const job = annotations[ANNOTATION_PROMETHEUS_JOB]!;
  const namespace = annotations[ANNOTATION_NAMESPACE];
  return { ...(namespace ? { namespace } : {}), job, service: job };
}

/**
 * `GET /rules`: the Prometheus alerting rules that watch the entity, with their state for it.
 * Needs only catalog read access to the entity.
 */
export function addRuleRoutes(
  router: express.Router,
  options: { entityAccess: EntityAccess; prometheus: PrometheusClient },
): void {
  const { entityAccess, prometheus } = options;

  router.get('/rules', async (req, res) => {
    const q = parseRequest(entityQuerySchema, req.query);
    const resolved = await entityAccess.resolve(req, q.entityRef);
    requireAnnotation(resolved, ANNOTATION_PROMETHEUS_JOB, 'alerts');
    const { entity, entityRef } = resolved;
    const instance = prometheusInstanceFor(prometheus, entity, entityRef);
    const groups = await upstream(prometheus.alertingRules(instance));
    const body: RulesResponse = {
      entityRef,
      prometheus: instance.name,
      rules: toMonitoringRules(
        groups,
        identityLabels(entity),
        alertScopeMatchers(entity),
      ),
    };
    res.json(body);
  });
}
