import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { monitoringPermissions } from '@internal/plugin-monitoring-common';
import { PermissionCoalescer } from './PermissionCoalescer';

/** A permission service whose answers the test releases by hand, recording every call. */
function upstreamControlled() {
  const calls: {
    requests: AuthorizePermissionRequest[];
    user: string | undefined;
    answer: (
      results: Array<AuthorizeResult.ALLOW | AuthorizeResult.DENY>,
    ) => void;
    fail: (e: Error) => void;
  }[] = [];
  const permissions: PermissionsService = {
    authorize: (requests, { credentials }) =>
      new Promise<AuthorizePermissionResponse[]>((resolve, reject) => {
        calls.push({
          requests,
          user: (credentials.principal as { userEntityRef?: string })
            .userEntityRef,
          answer: results => resolve(results.map(result => ({ result }))),
          fail: reject,
        });
      }),
    authorizeConditional: jest.fn(async () => []),
  };
  return { permissions, calls };
}

const readFestivalsApi = {
  permission: catalogEntityReadPermission,
  resourceRef: 'component:default/festivals-api',
};
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');
const ALLOW = AuthorizeResult.ALLOW;
const DENY = AuthorizeResult.DENY;

describe('PermissionCoalescer', () => {
  it('sends two concurrent identical checks of one user upstream once, and answers both', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const first = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    const second = coalescer.authorize([readFestivalsApi], {
      credentials: mockCredentials.user('user:default/alice'),
    });
    expect(calls).toHaveLength(1);
    calls[0].answer([ALLOW]);
    expect(await first).toEqual([{ result: ALLOW }]);
    expect(await second).toEqual([{ result: ALLOW }]);
    expect(coalescer.pending).toBe(0);
  });

  it('never lets two users share an answer', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const forAlice = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    const forBob = coalescer.authorize([readFestivalsApi], {
      credentials: bob,
    });
    expect(calls.map(c => c.user)).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    calls[1].answer([DENY]);
    calls[0].answer([ALLOW]);
    expect(await forAlice).toEqual([{ result: ALLOW }]);
    expect(await forBob).toEqual([{ result: DENY }]);
  });

  it('keeps a check made on behalf of a user by a service apart from the user’s own', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const own = coalescer.authorize([readFestivalsApi], { credentials: alice });
    const onBehalf = coalescer.authorize([readFestivalsApi], {
      credentials: {
        ...alice,
        principal: {
          ...(alice.principal as object),
          actor: { type: 'service', subject: 'plugin:scaffolder' },
        },
      } as typeof alice,
    });
    expect(calls).toHaveLength(2);
    calls[0].answer([ALLOW]);
    calls[1].answer([DENY]);
    expect(await own).toEqual([{ result: ALLOW }]);
    expect(await onBehalf).toEqual([{ result: DENY }]);
  });

  it('keeps different resources and different permissions apart', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const api = coalescer.authorize([readFestivalsApi], { credentials: alice });
    const worker = coalescer.authorize(
      [
        {
          permission: catalogEntityReadPermission,
          resourceRef: 'component:default/festivals-worker',
        },
      ],
      { credentials: alice },
    );
    const silence = coalescer.authorize(
      [
        {
          permission: monitoringPermissions[0],
          resourceRef: readFestivalsApi.resourceRef,
        } as AuthorizePermissionRequest,
      ],
      { credentials: alice },
    );
    expect(calls).toHaveLength(3);
    calls[0].answer([ALLOW]);
    calls[1].answer([DENY]);
    calls[2].answer([DENY]);
    expect(await api).toEqual([{ result: ALLOW }]);
    expect(await worker).toEqual([{ result: DENY }]);
    expect(await silence).toEqual([{ result: DENY }]);
  });

  it('does not keep a deny beyond its flight: the next check asks again and may be allowed', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const denied = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    calls[0].answer([DENY]);
    expect(await denied).toEqual([{ result: DENY }]);
    expect(coalescer.pending).toBe(0);

    // The policy changed (say, alice joined the owning group): the next request sees it.
    const later = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    expect(calls).toHaveLength(2);
    calls[1].answer([ALLOW]);
    expect(await later).toEqual([{ result: ALLOW }]);
  });

  it('does not keep an allow beyond its flight either', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const first = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    calls[0].answer([ALLOW]);
    await first;
    const revoked = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    expect(calls).toHaveLength(2);
    calls[1].answer([DENY]);
    expect(await revoked).toEqual([{ result: DENY }]);
  });

  it('hands an upstream failure to every joined caller, then forgets it', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const first = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    const joined = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    calls[0].fail(new Error('permission backend answered 503'));
    await expect(first).rejects.toThrow('permission backend answered 503');
    await expect(joined).rejects.toThrow('permission backend answered 503');
    expect(coalescer.pending).toBe(0);

    const retry = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    expect(calls).toHaveLength(2);
    calls[1].answer([ALLOW]);
    expect(await retry).toEqual([{ result: ALLOW }]);
  });

  it('joins the items already in flight and sends the rest as one batch, answers in order', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const worker = {
      permission: catalogEntityReadPermission,
      resourceRef: 'component:default/festivals-worker',
    };
    const web = {
      permission: catalogEntityReadPermission,
      resourceRef: 'component:default/festivals-web',
    };
    const single = coalescer.authorize([readFestivalsApi], {
      credentials: alice,
    });
    const batch = coalescer.authorize([worker, readFestivalsApi, web], {
      credentials: alice,
    });
    expect(calls).toHaveLength(2);
    expect(calls[1].requests).toEqual([worker, web]);
    calls[1].answer([DENY, ALLOW]);
    calls[0].answer([ALLOW]);
    expect(await single).toEqual([{ result: ALLOW }]);
    expect(await batch).toEqual([
      { result: DENY },
      { result: ALLOW },
      { result: ALLOW },
    ]);
  });

  it('passes service and anonymous callers through without coalescing', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const asService = [1, 2].map(() =>
      coalescer.authorize([readFestivalsApi], {
        credentials: mockCredentials.service('plugin:catalog'),
      }),
    );
    const anonymous = [1, 2].map(() =>
      coalescer.authorize([readFestivalsApi], {
        credentials: mockCredentials.none(),
      }),
    );
    expect(calls).toHaveLength(4);
    calls.forEach(c => c.answer([ALLOW]));
    await Promise.all([...asService, ...anonymous]);
  });

  it('fails every item clearly when the permission service answers too few decisions', async () => {
    const { permissions, calls } = upstreamControlled();
    const coalescer = PermissionCoalescer.create({ permissions });
    const answer = coalescer.authorize(
      [
        readFestivalsApi,
        {
          permission: catalogEntityReadPermission,
          resourceRef: 'component:default/festivals-worker',
        },
      ],
      { credentials: alice },
    );
    calls[0].answer([ALLOW]);
    await expect(answer).rejects.toThrow(
      'Permission service answered 1 decisions for 2 requests',
    );
  });
});
