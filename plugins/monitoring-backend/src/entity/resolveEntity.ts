import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';

/** The entity a request is about, and the caller who may read it. */
export interface ResolvedEntity {
  entity: Entity;
  entityRef: string;
  credentials: BackstageCredentials;
}
