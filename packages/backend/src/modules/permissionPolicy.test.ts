import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  monitoringLogsReadPermission,
  monitoringManifestsApplyPermission,
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
} from '@internal/plugin-monitoring-common';
import { MonitoringPermissionPolicy } from './permissionPolicy';

const policy = MonitoringPermissionPolicy.create({
  manifestAppliers: ['group:default/festivals-team'],
});

/** A signed-in user and the refs the catalog says it owns through (itself and its groups). */
function user(name: string, groups: string[]) {
  const userEntityRef = `user:default/${name}`;
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
  };
}

const owner = user('owner', ['group:default/festivals-team']);
const reader = user('reader', ['group:default/visitors']);

describe('MonitoringPermissionPolicy', () => {
  it('lets every user read: catalog entities, logs and other plugins', async () => {
    const other = createPermission({
      name: 'other.thing.read',
      attributes: { action: 'read' },
    });
    for (const permission of [
      catalogEntityReadPermission,
      monitoringLogsReadPermission,
      other,
    ]) {
      expect(await policy.handle({ permission }, reader)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it.each([
    ['create', monitoringSilenceCreatePermission],
    ['expire', monitoringSilenceExpirePermission],
  ])(
    'leaves silence %s to the catalog: allowed when the entity is owned by one of the user’s refs',
    async (_action, permission) => {
      for (const who of [owner, reader]) {
        expect(await policy.handle({ permission }, who)).toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: who.info.ownershipEntityRefs },
          },
        });
      }
    },
  );

  it('owns nothing for a caller without a user (no claims at all)', async () => {
    const decision = await policy.handle({
      permission: monitoringSilenceCreatePermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('allows applying manifests to members of the configured groups only', async () => {
    const apply = { permission: monitoringManifestsApplyPermission };
    expect((await policy.handle(apply, owner)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(apply, reader)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await policy.handle(apply)).result).toBe(AuthorizeResult.DENY);
  });
});
