import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Request } from 'express';

/** The entity a request is about, read with the caller's own credentials. */
export interface ResolvedEntity {
  entity: Entity;
  entityRef: string;
  credentials: BackstageCredentials;
}

/**
 * Every monitoring route starts here: only signed-in users, and the catalog answers with the
 * user's own permissions, so an unreadable entity looks exactly like an absent one (404).
 */
export async function resolveEntity(
  deps: { httpAuth: HttpAuthService; catalog: CatalogService },
  req: Request,
  rawEntityRef: string,
): Promise<ResolvedEntity> {
  let entityRef: string;
  try {
    entityRef = stringifyEntityRef(parseEntityRef(rawEntityRef));
  } catch (e) {
    throw new InputError(`Invalid request: entityRef: ${(e as Error).message}`);
  }
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user'],
  });
  const entity = await deps.catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef}`);
  }
  return { entity, entityRef, credentials };
}
