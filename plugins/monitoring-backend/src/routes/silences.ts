import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  alertScopeMatchers,
  ANNOTATION_PROMETHEUS_JOB,
  CreateSilenceResponse,
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
  SilencesResponse,
  silenceScopeProblem,
} from '@internal/plugin-monitoring-common';
import {
  AlertmanagerClient,
  parseRequest,
} from '@internal/plugin-monitoring-node';
import express, { Request } from 'express';
import { z } from 'zod';
import { toMonitoringSilences, toSilenceMatchers } from '../alerts/mapping';
import { EntityAccess } from '../entity/EntityAccess';
import { alertmanagerInstanceFor } from '../entity/entityInstance';
import { requireAnnotation } from '../entity/requireAnnotation';
import { ResolvedEntity } from '../entity/resolveEntity';
import { upstream } from './upstreamError';

const entityQuerySchema = z.object({ entityRef: z.string().min(1) });

const silenceIdSchema = z.object({ id: z.string().uuid() });

/** Longest silence: past this, a forgotten silence hides a real outage for good. */
const MAX_SILENCE_DAYS = 30;

const matcherSchema = z.object({
  name: z.string().min(1).max(100),
  value: z.string().max(1024),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});

const createSilenceSchema = z
  .object({
    entityRef: z.string().min(1),
    matchers: z.array(matcherSchema).min(1).max(20),
    startsAt: z.string().datetime({ offset: true }).optional(),
    endsAt: z.string().datetime({ offset: true }),
    comment: z
      .string()
      .trim()
      .min(1, 'is required: say why the alerts are silenced')
      .max(2000),
  })
  .superRefine((s, ctx) => {
    const startsAt = s.startsAt ? Date.parse(s.startsAt) : Date.now();
    const endsAt = Date.parse(s.endsAt);
    if (endsAt <= Math.max(startsAt, Date.now())) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: 'must be in the future and after startsAt',
      });
    } else if (endsAt - startsAt > MAX_SILENCE_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: `a silence may last at most ${MAX_SILENCE_DAYS} days`,
      });
    }
  });

/**
 * `GET /silences`, `POST /silences`, `DELETE /silences/:id`: the entity's silences in
 * Alertmanager. Reading needs catalog read access to the entity; creating and expiring need the
 * monitoring silence permissions, checked with the user's credentials against the entity.
 */
export function addSilenceRoutes(
  router: express.Router,
  options: {
    entityAccess: EntityAccess;
    permissions: PermissionsService;
    alertmanager: AlertmanagerClient;
    /** Records who created or expired which silence (attempts refused included). */
    auditor?: AuditorService;
  },
): void {
  const { entityAccess, permissions, alertmanager, auditor } = options;

  /** Runs a write as one audit event: success with its result, or fail with the error. */
  async function audited<T>(
    req: Request,
    eventId: 'silence-create' | 'silence-expire',
    meta: Record<string, any>,
    write: () => Promise<{ result: T; meta?: Record<string, any> }>,
  ): Promise<T> {
    const event = await auditor?.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const done = await write();
      await event?.success({ meta: done.meta });
      return done.result;
    } catch (error) {
      await event?.fail({ error: error as Error });
      throw error;
    }
  }

  async function monitoredEntity(
    req: Request,
    rawEntityRef: string,
  ): Promise<ResolvedEntity> {
    const resolved = await entityAccess.resolve(req, rawEntityRef);
    requireAnnotation(resolved, ANNOTATION_PROMETHEUS_JOB, 'alerts');
    return resolved;
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

  /** The entity's silences: those carrying all its scoping matchers. */
  router.get('/silences', async (req, res) => {
    const q = parseRequest(entityQuerySchema, req.query);
    const resolved = await monitoredEntity(req, q.entityRef);
    const instance = alertmanagerInstanceFor(
      alertmanager,
      resolved.entity,
      resolved.entityRef,
    );
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
    const body = parseRequest(createSilenceSchema, req.body);
    const silenceId = await audited(
      req,
      'silence-create',
      {
        entityRef: body.entityRef,
        matchers: body.matchers,
        endsAt: body.endsAt,
        comment: body.comment,
      },
      async () => {
        const resolved = await monitoredEntity(req, body.entityRef);
        const problem = silenceScopeProblem(resolved.entity, body.matchers);
        if (problem) throw new InputError(`Invalid request: ${problem}`);
        await authorize(resolved, monitoringSilenceCreatePermission);
        const instance = alertmanagerInstanceFor(
          alertmanager,
          resolved.entity,
          resolved.entityRef,
        );
        const principal = resolved.credentials.principal as {
          userEntityRef: string;
        };
        const id = await upstream(
          alertmanager.createSilence(instance, {
            matchers: body.matchers,
            startsAt: body.startsAt ?? new Date().toISOString(),
            endsAt: body.endsAt,
            createdBy: principal.userEntityRef,
            comment: body.comment,
          }),
        );
        return {
          result: id,
          meta: { silenceId: id, alertmanager: instance.name },
        };
      },
    );
    const response: CreateSilenceResponse = { silenceId };
    res.status(201).json(response);
  });

  /** Expires one of the entity's silences. */
  router.delete('/silences/:id', async (req, res) => {
    const q = parseRequest(entityQuerySchema, req.query);
    const { id } = parseRequest(silenceIdSchema, req.params);
    await audited(
      req,
      'silence-expire',
      { entityRef: q.entityRef, silenceId: id },
      async () => {
        const resolved = await monitoredEntity(req, q.entityRef);
        await authorize(resolved, monitoringSilenceExpirePermission);
        const instance = alertmanagerInstanceFor(
          alertmanager,
          resolved.entity,
          resolved.entityRef,
        );
        const silence = await upstream(alertmanager.getSilence(instance, id));
        // A silence of another entity is reported exactly like an unknown one.
        if (
          !silence ||
          silenceScopeProblem(
            resolved.entity,
            toSilenceMatchers(silence.matchers),
          )
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
        return {
          result: undefined,
          meta: {
            alertmanager: instance.name,
            matchers: silence.matchers,
            createdBy: silence.createdBy,
          },
        };
      },
    );
    res.status(204).end();
  });
}
