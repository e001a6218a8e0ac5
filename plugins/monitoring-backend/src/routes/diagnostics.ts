import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DIAGNOSTIC_KINDS,
  DiagnosticKind,
  kubernetesTargetOf,
  monitoringDiagnosticsReadPermission,
} from '@internal/plugin-monitoring-common';
import { parseRequest } from '@internal/plugin-monitoring-node';
import express from 'express';
import { z } from 'zod';
import { EntityAccess } from '../entity/EntityAccess';
import { RunbookDiagnostics } from '../services/RunbookDiagnostics';

const kinds = DIAGNOSTIC_KINDS as [DiagnosticKind, ...DiagnosticKind[]];

const diagnosticsQuerySchema = z.object({
  entityRef: z.string().min(1),
  /** `step=pods&step=events` or `step=pods,events`; every step when absent. */
  step: z
    .preprocess(
      value => {
        if (value === undefined) return undefined;
        const list = Array.isArray(value) ? value : [value];
        return list.flatMap(v => (typeof v === 'string' ? v.split(',') : [v]));
      },
      z
        .array(z.enum(kinds))
        .min(1)
        .max(kinds.length * 2),
    )
    .optional(),
});
/**
 * `GET /diagnostics?entityRef=…&step=<kind>`: the live results of runbook steps for an entity.
 * Needs catalog read on the entity (else 404) and `monitoring.diagnostics.read` on it (else 403),
 * both checked with the user's credentials before anything is asked of the cluster. Each step
 * carries its own error, so one failing step never hides the others.
 */
export function addDiagnosticsRoutes(
  router: express.Router,
  options: {
    entityAccess: EntityAccess;
    permissions: PermissionsService;
    diagnostics: RunbookDiagnostics;
  },
): void {
  const { entityAccess, permissions, diagnostics } = options;

  router.get('/diagnostics', async (req, res) => {
    const q = parseRequest(diagnosticsQuerySchema, req.query);
    const { entity, entityRef, credentials } = await entityAccess.resolve(
      req,
      q.entityRef,
    );
    const [decision] = await permissions.authorize(
      [
        {
          permission: monitoringDiagnosticsReadPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not read the live diagnostics of ${entityRef} (permission ${monitoringDiagnosticsReadPermission.name})`,
      );
    }
    let target;
    try {
      target = kubernetesTargetOf(entity);
    } catch (e) {
      throw new InputError(`Entity ${entityRef}: ${(e as Error).message}`);
    }
    res.json(
      await diagnostics.read({
        entity,
        entityRef,
        target,
        kinds: [...new Set(q.step ?? DIAGNOSTIC_KINDS)],
      }),
    );
  });
}
