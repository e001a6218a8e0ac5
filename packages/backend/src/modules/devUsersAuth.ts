import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * DEVELOPMENT AND TEST ONLY. The guest provider signs everyone in as one user; checking a
 * permission policy needs two of different rights in one running product. This provider keeps
 * the guest sign-in ("Enter", provider id `guest`, so the app is unchanged) and picks the user
 * from a cookie the browser sends to the backend's refresh call:
 * `festivals-dev-user=<name>`, one of `auth.providers.guest.users`; no cookie = the first.
 * Browser tests set the cookie per browser context; a developer sets it in the console
 * (`document.cookie = 'festivals-dev-user=reader'`) and reloads.
 *
 * Like the guest provider it refuses to work unless NODE_ENV is development: the production run
 * (`./scripts/run --production`) has no sign-in through it at all.
 */
export const DEV_USER_COOKIE = 'festivals-dev-user';

/** The cookie's value in a `Cookie` header, if any. */
export function devUserFromCookie(header: string | undefined) {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === DEV_USER_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The user ref to sign in as: the cookie's user when listed, else the first listed. */
export function pickDevUser(users: string[], cookie: string | undefined) {
  if (cookie === undefined) return users[0];
  const user = users.find(ref => ref === cookie || ref.endsWith(`/${cookie}`));
  if (!user) {
    throw new NotAllowedError(
      `Cookie ${DEV_USER_COOKIE}=${cookie} names no user of auth.providers.guest.users (${users.join(
        ', ',
      )})`,
    );
  }
  return user;
}

const devUsersAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return {
      enabled: process.env.NODE_ENV === 'development',
      users: config.getOptionalStringArray('users') ?? [
        config.getOptionalString('userEntityRef') ?? 'user:default/guest',
      ],
    };
  },
  async authenticate({ req }, { enabled, users }) {
    if (!enabled) {
      throw new NotAllowedError(
        'The development sign-in (guest provider with users) works only with NODE_ENV=development',
      );
    }
    return {
      result: {
        userEntityRef: pickDevUser(
          users,
          devUserFromCookie(req.headers.cookie),
        ),
      },
    };
  },
});

/** Registers the development users provider under the guest provider's id. */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'dev-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'guest',
          factory: createProxyAuthProviderFactory({
            authenticator: devUsersAuthenticator,
            // The catalog's User entity: ownership refs are the user and its groups. Before the
            // catalog has read examples/org.yaml, the user alone (as the guest provider does).
            signInResolver: async ({ result }, ctx) => {
              const entityRef = result.userEntityRef;
              try {
                return await ctx.signInWithCatalogUser({ entityRef });
              } catch {
                return ctx.issueToken({
                  claims: { sub: entityRef, ent: [entityRef] },
                });
              }
            },
          }),
        });
      },
    });
  },
});
