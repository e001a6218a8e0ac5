import { InputError } from '@backstage/errors';
import { ResolvedEntity } from './resolveEntity';

/**
 * The annotation's value; a 400 when the entity lacks it, saying what the entity therefore has
 * nothing of (`metrics`, `alerts`).
 */
export function requireAnnotation(
  { entity, entityRef }: Pick<ResolvedEntity, 'entity' | 'entityRef'>,
  annotation: string,
  purpose: string,
): string {
  const value = entity.metadata.annotations?.[annotation];
  if (!value) {
    throw new InputError(
      `Entity ${entityRef} has no ${annotation} annotation, so it has no ${purpose} to show`,
    );
  }
  return value;
}
