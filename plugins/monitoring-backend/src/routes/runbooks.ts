import express from 'express';
import { z } from 'zod';
import { parseRequest } from '@internal/plugin-monitoring-node';
import { EntityAccess } from '../entity/EntityAccess';
import { TeamRunbooks } from '../services/TeamRunbooks';

const runbooksQuerySchema = z.object({ entityRef: z.string().min(1) });

/**
 * `GET /runbooks?entityRef=…`: the team's own runbooks of an entity (its
 * `monitoring.festivals.io/runbooks` document), split per alert. Catalog read on the entity
 * (else 404). No annotation: no sections, the built-in runbooks only. A document that cannot be
 * read is an error naming it (403 not allowed by `backend.reading.allow`, 404, 503), so the tab
 * says so and keeps the built-in text.
 */
export function addRunbookRoutes(
  router: express.Router,
  options: { entityAccess: EntityAccess; teamRunbooks: TeamRunbooks },
): void {
  router.get('/runbooks', async (req, res) => {
    const q = parseRequest(runbooksQuerySchema, req.query);
    const { entity, entityRef } = await options.entityAccess.resolve(
      req,
      q.entityRef,
    );
    res.json(await options.teamRunbooks.read(entity, entityRef));
  });
}
