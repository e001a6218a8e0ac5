import { AuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ownerRef } from './entityInstance';
import {
  claimKey,
  describeClaim,
  entityScope,
  InstanceDirectory,
  rivalFilters,
  ScopeClaim,
} from './scopeClaims';

/** `monitoring.scopes[]`: names in a namespace reserved to one owner. */
export interface ScopeReservation {
  namespace: string;
  /** Jobs, Loki apps or deployments (`monitoring.festivals.io/job`, `loki-app`, `kubernetes-id`). */
  names: string[];
  /** Full entity ref of the owning group or user. */
  owner: string;
}

/** How long a verdict is reused: an annotation or ownership edit shows up within this. */
const VERDICT_TTL_MS = 30_000;
const MAX_VERDICTS = 10_000;
/** Rivals read per check: far more entities than could sensibly share one job name. */
const MAX_RIVALS = 1000;

/** Reads and validates `monitoring.scopes` once, at start. */
export function readScopeReservations(config: Config): ScopeReservation[] {
  return (config.getOptionalConfigArray('monitoring.scopes') ?? []).map(
    (c, i) => {
      const key = `monitoring.scopes[${i}]`;
      let owner: string;
      try {
        owner = stringifyEntityRef(
          parseEntityRef(c.getString('owner'), {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ).toLocaleLowerCase('en-US');
      } catch (e) {
        throw new Error(`${key}.owner: ${(e as Error).message}`);
      }
      return {
        namespace: c.getString('namespace'),
        names: c.getStringArray('names'),
        owner,
      };
    },
  );
}

/**
 * One owner per scope. Annotations are written by whoever registers a `catalog-info.yaml`, so an
 * entity's claim to a (instance, namespace, job/app/deployment) is checked before anything is
 * read or written for it:
 *
 * 1. a scope reserved in `monitoring.scopes` belongs to its owner's entities only (403 for the
 *    others, naming the owner);
 * 2. otherwise the catalog decides: every entity claiming the same scope must have the same
 *    `spec.owner` (a team's component and its API may share a job). Entities of different owners
 *    claiming one scope are a conflict: none of them is served (409 naming the other entity)
 *    until one annotation is removed or the scope is reserved to its owner — refusing both is
 *    the only safe answer when nobody has said which is the impostor.
 *
 * Verdicts are kept {@link VERDICT_TTL_MS} per entity, so a page viewed by hundreds costs the
 * catalog one rival lookup per entity and TTL.
 */
export class ScopeOwnership {
  private readonly verdicts = new Map<
    string,
    { verdict: Promise<Entity>; expires: number }
  >();

  private constructor(
    private readonly deps: {
      auth: AuthService;
      catalog: CatalogService;
      instances: InstanceDirectory;
      reservations: ScopeReservation[];
      now: () => number;
    },
  ) {}

  static create(options: {
    auth: AuthService;
    catalog: CatalogService;
    instances: InstanceDirectory;
    reservations: ScopeReservation[];
    /** Clock in ms, injectable for tests. */
    now?: () => number;
  }): ScopeOwnership {
    return new ScopeOwnership({ ...options, now: options.now ?? Date.now });
  }

  /**
   * The entity as the routes must use it (its namespace settled), once its claim is upheld;
   * a 400, 403 or 409 saying why otherwise.
   */
  check(entity: Entity, entityRef: string): Promise<Entity> {
    const kept = this.verdicts.get(entityRef);
    if (kept && kept.expires > this.deps.now()) return kept.verdict;
    const verdict = this.decide(entity, entityRef);
    verdict.catch(() => undefined);
    if (this.verdicts.size >= MAX_VERDICTS) this.verdicts.clear();
    this.verdicts.set(entityRef, {
      verdict,
      expires: this.deps.now() + VERDICT_TTL_MS,
    });
    return verdict;
  }

  private async decide(entity: Entity, entityRef: string): Promise<Entity> {
    const scope = entityScope(entity, entityRef, this.deps.instances);
    if (!scope.claims.length) return scope.entity;
    const owner = ownerRef(entity);

    const open: ScopeClaim[] = [];
    for (const claim of scope.claims) {
      const reserved = this.deps.reservations.find(
        r => r.namespace === claim.namespace && r.names.includes(claim.value),
      );
      if (!reserved) open.push(claim);
      else if (reserved.owner !== owner) {
        throw new NotAllowedError(
          `The scope ${describeClaim(claim)} is reserved to ${
            reserved.owner
          } (monitoring.scopes); ${entityRef} is owned by ${
            owner ?? 'nobody'
          }, so it may not read or act on it`,
        );
      }
    }
    if (!open.length) return scope.entity;

    const wanted = new Map(open.map(c => [claimKey(c), c]));
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: rivalFilters(open),
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
        ],
        limit: MAX_RIVALS,
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    for (const rival of items) {
      const rivalRef = stringifyEntityRef(rival);
      if (rivalRef === entityRef) continue;
      const rivalOwner = ownerRef(rival);
      if (owner && rivalOwner === owner) continue;
      let claims: ScopeClaim[];
      try {
        claims = entityScope(rival, rivalRef, this.deps.instances).claims;
      } catch {
        continue; // a rival without a namespace claims nothing
      }
      const shared = claims.find(c => wanted.has(claimKey(c)));
      if (shared) {
        throw new ConflictError(
          `${entityRef} (owned by ${
            owner ?? 'nobody'
          }) and ${rivalRef} (owned by ${
            rivalOwner ?? 'nobody'
          }) both claim ${describeClaim(
            shared,
          )}: one owner per scope, so neither is served. Remove the annotation from the entity that does not own it, or reserve the scope to its owner in monitoring.scopes`,
        );
      }
    }
    return scope.entity;
  }
}
