import { Config } from '@backstage/config';

/**
 * Whether `backend.cache` is shared across replicas (Redis, Valkey, memcache…). Absent means
 * Backstage's in-memory store, whose entries are only dropped when their key is read again.
 */
export function isSharedCache(config: Config): boolean {
  const store = config.getOptionalString('backend.cache.store') ?? 'memory';
  return store !== 'memory';
}
