import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
} from '@internal/plugin-monitoring-common';

/**
 * Whether the user may take one of the tab's actions. Denied actions stay on screen, disabled,
 * with the reason (`reasonId` is the element that states it, for `aria-describedby`), so a
 * reader learns whom to ask instead of wondering where the button went.
 */
export type ActionAccess =
  | { allowed: true }
  | { allowed: false; reason: string; reasonId: string };

/** The entity's owners as the catalog relates them, else as its spec names them. */
export function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length > 0) return related;
  const owner = entity.spec?.owner;
  return typeof owner === 'string' && owner ? [owner] : [];
}

/** "You need the monitoring.silence.create permission for this entity to … (owners: …)." */
export function deniedReason(
  permissionName: string,
  what: string,
  entity: Entity,
): string {
  const owners = ownersOf(entity);
  return `You need the ${permissionName} permission for this entity to ${what} (${
    owners.length > 0
      ? `owners: ${owners.join(', ')}`
      : 'it has no owner in the catalog'
  }).`;
}

function useAccess(
  entity: Entity,
  permission:
    | typeof monitoringSilenceCreatePermission
    | typeof monitoringSilenceExpirePermission,
  what: string,
  reasonId: string,
): ActionAccess | undefined {
  const answer = usePermission({
    permission,
    resourceRef: stringifyEntityRef(entity),
  });
  // No button while the policy answers: neither a promise nor a refusal it has not made.
  if (answer.loading) return undefined;
  if (answer.allowed) return { allowed: true };
  return {
    allowed: false,
    reasonId,
    reason: answer.error
      ? `Could not check the ${permission.name} permission: ${answer.error.message}`
      : deniedReason(permission.name, what, entity),
  };
}

/** The user's rights on the entity's silences, asked with the entity as the resource. */
export function useSilenceAccess(entity: Entity): {
  create?: ActionAccess;
  expire?: ActionAccess;
} {
  return {
    create: useAccess(
      entity,
      monitoringSilenceCreatePermission,
      'silence its alerts',
      'silence-create-denied',
    ),
    expire: useAccess(
      entity,
      monitoringSilenceExpirePermission,
      'expire its silences',
      'silence-expire-denied',
    ),
  };
}
