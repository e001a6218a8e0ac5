import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { ResolvedEntity } from './resolveEntity';
import { ScopeOwnership } from './ScopeOwnership';

/** How long an entity read by the plugin is reused: annotation edits show up within this. */
const ENTITY_TTL_MS = 30_000;
const MAX_ENTITIES = 10_000;

/**
 * Entity lookups that stay cheap when hundreds of people open the same page. The entity itself
 * is read once per TTL with the plugin's own credentials (identical lookups in flight share one
 * catalog request); whether *this user* may read it is asked of the permission framework for
 * every request (`catalog.entity.read` on that entity, conditional policies included), in
 * parallel with the lookup. A denied entity is a 404, exactly like an absent one.
 */
export class EntityAccess {
  private readonly entities = new Map<
    string,
    { entity: Entity | undefined; expires: number }
  >();
  private readonly inFlight = new Map<string, Promise<Entity | undefined>>();

  private constructor(
    private readonly deps: {
      auth: AuthService;
      httpAuth: HttpAuthService;
      catalog: CatalogService;
      permissions: PermissionsService;
      scopes: ScopeOwnership;
      now: () => number;
    },
  ) {}

  static create(options: {
    auth: AuthService;
    httpAuth: HttpAuthService;
    catalog: CatalogService;
    permissions: PermissionsService;
    /** Whether the entity's claim to its (instance, namespace, job/app) is upheld. */
    scopes: ScopeOwnership;
    /** Clock in ms, injectable for tests. */
    now?: () => number;
  }): EntityAccess {
    return new EntityAccess({ ...options, now: options.now ?? Date.now });
  }

  /**
   * The entity, once this user is known to be allowed to read it (a 404 otherwise) and its claim
   * to its scope is upheld (a 400, 403 or 409 from {@link ScopeOwnership} otherwise). The entity
   * returned has its namespace settled: the routes build every query from it.
   */
  async resolve(req: Request, rawEntityRef: string): Promise<ResolvedEntity> {
    return (await this.resolveWhile(req, rawEntityRef, async () => undefined))
      .resolved;
  }

  /**
   * Like {@link EntityAccess.resolve}, but starts `work` on the entity while the user's
   * permission is still being checked, so a page load costs max(permission, work) rather than
   * the sum. Nothing of `work` — result or error — reaches the caller unless the user may read
   * the entity: a denied user gets the same 404 as for an absent entity, and `signal` is aborted
   * so the upstream requests `work` started are cancelled rather than run for nobody.
   */
  async resolveWhile<T>(
    req: Request,
    rawEntityRef: string,
    work: (resolved: ResolvedEntity, signal: AbortSignal) => Promise<T>,
  ): Promise<{ resolved: ResolvedEntity; result: T }> {
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(rawEntityRef));
    } catch (e) {
      throw new InputError(
        `Invalid request: entityRef: ${(e as Error).message}`,
      );
    }
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const allowed = this.deps.permissions
      .authorize(
        [{ permission: catalogEntityReadPermission, resourceRef: entityRef }],
        { credentials },
      )
      .then(([decision]) => decision.result === AuthorizeResult.ALLOW);
    const entity = await this.entity(entityRef).catch(async e => {
      await allowed.catch(() => false);
      throw e;
    });
    const notFound = new NotFoundError(`No entity ${entityRef}`);
    if (!entity) {
      await allowed.catch(() => false);
      throw notFound;
    }
    let scoped: Entity;
    try {
      scoped = await this.deps.scopes.check(entity, entityRef);
    } catch (e) {
      // Whose scope it is, or that there is a conflict, is only told to those who may read it.
      if (!(await allowed.catch(() => false))) throw notFound;
      throw e;
    }
    const resolved = { entity: scoped, entityRef, credentials };
    const controller = new AbortController();
    const result = work(resolved, controller.signal);
    // Settled below only when allowed; never an unhandled rejection when denied.
    result.catch(() => undefined);
    let permitted = false;
    try {
      permitted = await allowed;
    } finally {
      if (!permitted) controller.abort(notFound);
    }
    if (!permitted) throw notFound;
    return { resolved, result: await result };
  }

  private async entity(entityRef: string): Promise<Entity | undefined> {
    const cached = this.entities.get(entityRef);
    if (cached && cached.expires > this.deps.now()) return cached.entity;
    const pending = this.inFlight.get(entityRef);
    if (pending) return pending;
    const lookup = (async () => {
      const entity = await this.deps.catalog.getEntityByRef(entityRef, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      });
      if (this.entities.size >= MAX_ENTITIES) this.entities.clear();
      this.entities.set(entityRef, {
        entity,
        expires: this.deps.now() + ENTITY_TTL_MS,
      });
      return entity;
    })();
    this.inFlight.set(entityRef, lookup);
    try {
      return await lookup;
    } finally {
      this.inFlight.delete(entityRef);
    }
  }
}
