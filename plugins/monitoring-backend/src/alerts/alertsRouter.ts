import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  alertScopeMatchers,
  AlertsResponse,
  ANNOTATION_NAMESPACE,
  ANNOTATION_PROMETHEUS_JOB,
  CreateSilenceResponse,
  isMonitoringAvailable,
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
  RulesResponse,
  SilencesResponse,
  silenceScopeProblem,
} from '@internal/plugin-monitoring-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EntityAccess } from '../entity/EntityAccess';
import {
  alertmanagerInstanceFor,
  prometheusInstanceFor,
} from '../entity/entityInstance';
import { ResolvedEntity } from '../entity/resolveEntity';
import {
  AlertmanagerClient,
  AlertmanagerInstance,
  AlertmanagerRequestError,
} from '../services/AlertmanagerClient';
import {
  PrometheusClient,
  PrometheusRequestError,
} from '../services/PrometheusClient';
import {
  toMonitoringAlerts,
  toMonitoringRules,
  toMonitoringSilences,
  toSilenceMatchers,
} from './mapping';

const entityQuerySchema = z.object({ entityRef: z.string().min(1) });

const silenceIdSchema = z.object({ id: z.string().uuid() });

const matcherSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});

const createSilenceSchema = z.object({
  entityRef: z.string().min(1),
  matchers: z.array(matcherSchema).min(1).max(50),
  startsAt: z.string().datetime({ offset: true }).optional(),
  endsAt: z.string().datetime({ offset: true }),
  comment: z
    .string()
    .trim()
    .min(1, 'is required: say why the alerts are silenced')
    .max(2000),
});

function parseOrThrow<T>(schema: z.ZodType<T, any, any>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(
      `Invalid request: ${parsed.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** The labels by which rule expressions can name the entity. */
function identityLabels(entity: Entity): Record<string, string> {
  const annotations = entity.metadata.annotations ?? {};
  const job = annotations[ANNOTATION_PROMETHEUS_JOB]!;
  const namespace = annotations[ANNOTATION_NAMESPACE];
  return { ...(namespace ? { namespace } : {}), job, service: job };
}

/** Upstream failures as Backstage errors: the message names the upstream and the next step. */
function upstreamError(e: unknown): unknown {
  if (e instanceof AlertmanagerRequestError) {
    if (e.status === 400 || e.status === 422) return new InputError(e.message);
    return new ServiceUnavailableError(e.message);
  }
  if (e instanceof PrometheusRequestError) {
    return new ServiceUnavailableError(e.message);
  }
  return e;
}

async function upstream<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw upstreamError(e);
  }
}

/**
 * Alerts tab routes: the entity's alerts and silences (Alertmanager API v2) and the
 * Prometheus rules that watch it. Reads need only catalog read access to the entity; creating
 * and expiring silences need the monitoring silence permissions, checked with the user's
 * credentials against the entity.
 */
export async function createAlertsRouter(options: {
  entityAccess: EntityAccess;
  permissions: PermissionsService;
  alertmanager: AlertmanagerClient;
  prometheus: PrometheusClient;
}): Promise<express.Router> {
  const { entityAccess, permissions, alertmanager, prometheus } = options;
  const router = Router();
  router.use(express.json());

  async function monitoredEntity(
    req: Request,
    rawEntityRef: string,
  ): Promise<ResolvedEntity> {
    const resolved = await entityAccess.resolve(req, rawEntityRef);
    if (!isMonitoringAvailable(resolved.entity)) {
      throw new InputError(
        `Entity ${resolved.entityRef} has no ${ANNOTATION_PROMETHEUS_JOB} annotation, so it has no alerts to show`,
      );
    }
    return resolved;
  }

  function alertmanagerFor({
    entity,
    entityRef,
  }: ResolvedEntity): AlertmanagerInstance {
    return alertmanagerInstanceFor(alertmanager, entity, entityRef);
  }

  async function authorize(
    resolved: ResolvedEntity,
    permission:
      | typeof monitoringSilenceCreatePermission
      | typeof monitoringSilenceExpirePermission,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: resolved.entityRef }],
      { credentials: resolved.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${
          permission.attributes.action === 'create' ? 'create' : 'expire'
        } silences for ${resolved.entityRef} (permission ${permission.name})`,
      );
    }
  }

  /** The entity's alerts, active and suppressed. */
  router.get('/alerts', async (req, res) => {
    const q = parseOrThrow(entityQuerySchema, req.query);
    const resolved = await monitoredEntity(req, q.entityRef);
    const instance = alertmanagerFor(resolved);
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

  /** The Prometheus alerting rules that watch the entity, with their state for it. */
  router.get('/rules', async (req, res) => {
    const q = parseOrThrow(entityQuerySchema, req.query);
    const { entity, entityRef } = await monitoredEntity(req, q.entityRef);
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

  /** The entity's silences: those carrying all its scoping matchers. */
  router.get('/silences', async (req, res) => {
    const q = parseOrThrow(entityQuerySchema, req.query);
    const resolved = await monitoredEntity(req, q.entityRef);
    const instance = alertmanagerFor(resolved);
    const silences = await upstream(
      alertmanager.getSilences(instance, alertScopeMatchers(resolved.entity)),
    );
    // Alertmanager's filter compares values only; keep silences scoped exactly as ours are.
    const own = silences.filter(
      s =>
        silenceScopeProblem(resolved.entity, toSilenceMatchers(s.matchers)) ===
        undefined,
    );
    const body: SilencesResponse = {
      entityRef: resolved.entityRef,
      alertmanager: instance.name,
      silences: toMonitoringSilences(own),
    };
    res.json(body);
  });

  /** Creates a silence for the entity; `createdBy` is the signed-in user. */
  router.post('/silences', async (req, res) => {
    const body = parseOrThrow(createSilenceSchema, req.body);
    const resolved = await monitoredEntity(req, body.entityRef);
    const problem = silenceScopeProblem(resolved.entity, body.matchers);
    if (problem) throw new InputError(`Invalid request: ${problem}`);
    await authorize(resolved, monitoringSilenceCreatePermission);
    const instance = alertmanagerFor(resolved);
    const principal = resolved.credentials.principal as {
      userEntityRef: string;
    };
    const silenceId = await upstream(
      alertmanager.createSilence(instance, {
        matchers: body.matchers,
        startsAt: body.startsAt ?? new Date().toISOString(),
        endsAt: body.endsAt,
        createdBy: principal.userEntityRef,
        comment: body.comment,
      }),
    );
    const response: CreateSilenceResponse = { silenceId };
    res.status(201).json(response);
  });

  /** Expires one of the entity's silences. */
  router.delete('/silences/:id', async (req, res) => {
    const q = parseOrThrow(entityQuerySchema, req.query);
    const { id } = parseOrThrow(silenceIdSchema, req.params);
    const resolved = await monitoredEntity(req, q.entityRef);
    await authorize(resolved, monitoringSilenceExpirePermission);
    const instance = alertmanagerFor(resolved);
    const silence = await upstream(alertmanager.getSilence(instance, id));
    // A silence of another entity is reported exactly like an unknown one.
    if (
      !silence ||
      silenceScopeProblem(resolved.entity, toSilenceMatchers(silence.matchers))
    ) {
      throw new NotFoundError(
        `Alertmanager ${instance.name} has no silence ${id} for ${resolved.entityRef}`,
      );
    }
    if (silence.status.state === 'expired') {
      throw new ConflictError(
        `Silence ${id} has already expired (at ${silence.endsAt}); nothing to do`,
      );
    }
    await upstream(alertmanager.expireSilence(instance, id));
    res.status(204).end();
  });

  return router;
}
