import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  PermissionsService,
  PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';

/**
 * Who is asking, as far as a decision can depend on it: the user, and the service acting for
 * them if any. Undefined for anything but a user principal: those calls are not coalesced.
 */
function callerKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    actor?: { subject?: string };
  };
  if (principal?.type !== 'user' || !principal.userEntityRef) return undefined;
  return JSON.stringify([
    principal.userEntityRef,
    principal.actor?.subject ?? null,
  ]);
}

function itemKey(caller: string, item: AuthorizePermissionRequest): string {
  const resourceRef =
    'resourceRef' in item ? (item.resourceRef as string | undefined) : '';
  return JSON.stringify([
    caller,
    item.permission.type,
    item.permission.name,
    item.permission.attributes?.action ?? null,
    resourceRef ?? null,
  ]);
}

/**
 * The permission service with identical checks in flight coalesced: when a user's request asks
 * "may this user do P on R?" while the very same question from the same user is already on its
 * way to the permission backend, it waits for that answer instead of sending another (during an
 * incident one person's page, tabs and reloads ask it many times at once). Items of one call not
 * already in flight still go upstream together, as one batch.
 *
 * Why this is safe:
 * - The key is everything the request names that a decision depends on: the user principal (and
 *   the service acting on their behalf, if any), the permission (type, name, action) and the
 *   resource. Two users never share an answer; a service or anonymous caller is never coalesced.
 * - Nothing is kept after the answer arrives — allow, deny or error alike. A later request asks
 *   again, so policy or group changes apply to the next request exactly as without this
 *   service; a joined request sees the answer it would have got had it arrived a few
 *   milliseconds earlier, a race any permission check already has.
 * - Two tokens of the same user may carry different ownership claims (one issued before a group
 *   change); sharing between them gives the user nothing they could not get by sending the other
 *   token, which they hold.
 * - Conditional decisions (`authorizeConditional`) pass through untouched.
 */
export class PermissionCoalescer implements PermissionsService {
  private readonly inFlight = new Map<
    string,
    Promise<AuthorizePermissionResponse>
  >();

  private constructor(private readonly upstream: PermissionsService) {}

  static create(options: {
    permissions: PermissionsService;
  }): PermissionCoalescer {
    return new PermissionCoalescer(options.permissions);
  }

  /** Checks waiting on an answer now; for tests. */
  get pending(): number {
    return this.inFlight.size;
  }

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    const caller = callerKey(options.credentials);
    if (caller === undefined) return this.upstream.authorize(requests, options);

    const answers: Promise<AuthorizePermissionResponse>[] = [];
    const toSend: { index: number; key: string }[] = [];
    requests.forEach((item, index) => {
      const key = itemKey(caller, item);
      const joined = this.inFlight.get(key);
      if (joined) answers[index] = joined;
      else toSend.push({ index, key });
    });

    if (toSend.length > 0) {
      // One upstream call for every item of this request not already asked.
      const batch = this.upstream.authorize(
        toSend.map(({ index }) => requests[index]),
        options,
      );
      toSend.forEach(({ index, key }, position) => {
        const answer = batch.then(decisions => {
          const decision = decisions[position];
          if (!decision) {
            throw new Error(
              `Permission service answered ${decisions.length} decisions for ${toSend.length} requests`,
            );
          }
          return decision;
        });
        // In flight only: forgotten once settled, whatever the outcome.
        const forget = () => {
          if (this.inFlight.get(key) === answer) this.inFlight.delete(key);
        };
        answer.then(forget, forget);
        this.inFlight.set(key, answer);
        answers[index] = answer;
      });
    }
    return Promise.all(answers);
  }

  authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    return this.upstream.authorizeConditional(requests, options);
  }
}

/**
 * The monitoring plugin's permission service: `coreServices.permissions` behind a
 * {@link PermissionCoalescer}. Plugin-scoped, so coalescing never crosses plugins.
 */
export const permissionCoalescerServiceRef =
  createServiceRef<PermissionsService>({
    id: 'monitoring.permissions.coalesced',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { permissions: coreServices.permissions },
        factory: ({ permissions }) =>
          PermissionCoalescer.create({ permissions }),
      }),
  });
