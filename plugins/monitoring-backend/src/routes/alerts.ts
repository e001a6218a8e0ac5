import {
  alertScopeMatchers,
  AlertsResponse,
  ANNOTATION_PROMETHEUS_JOB,
} from '@internal/plugin-monitoring-common';
import {
  AlertmanagerClient,
  parseRequest,
} from '@internal/plugin-monitoring-node';
import express from 'express';
import { z } from 'zod';
import { toMonitoringAlerts } from '../alerts/mapping';
import { EntityAccess } from '../entity/EntityAccess';
import { alertmanagerInstanceFor } from '../entity/entityInstance';
import { requireAnnotation } from '../entity/requireAnnotation';
import { upstream } from './upstreamError';

const entityQuerySchema = z.object({ entityRef: z.string().min(1) });

/**
 * `GET /alerts`: the entity's alerts from Alertmanager API v2, active and suppressed. Needs only
 * catalog read access to the entity.
 */
export function addAlertRoutes(
  router: express.Router,
  options: { entityAccess: EntityAccess; alertmanager: AlertmanagerClient },
): void {
  const { entityAccess, alertmanager } = options;

  router.get('/alerts', async (req, res) => {
    const q = parseRequest(entityQuerySchema, req.query);
    const resolved = await entityAccess.resolve(req, q.entityRef);
    requireAnnotation(resolved, ANNOTATION_PROMETHEUS_JOB, 'alerts');
    const instance = alertmanagerInstanceFor(
      alertmanager,
      resolved.entity,
      resolved.entityRef,
    );
    const matchers = alertScopeMatchers(resolved.entity);
    const alerts = await upstream(alertmanager.getAlerts(instance, matchers));
    const body: AlertsResponse = {
      entityRef: resolved.entityRef,
      alertmanager: instance.name,
      matchers,
      alerts: toMonitoringAlerts(alerts),
    };
    res.json(body);
  });
}
