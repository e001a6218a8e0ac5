import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DefaultHttpAuthService } from '@backstage/backend-defaults/httpAuth';
import { VerifiedUserTokens } from './VerifiedUserTokens';

/**
 * Backstage's own HttpAuthService (the one the credentials barrier in front of every plugin route
 * uses), given an AuthService that remembers verified user tokens for their lifetime
 * (VerifiedUserTokens). `backend.auth.verifiedUserTokenCache: false` turns the cache off (the
 * bench compares both).
 */
export const httpAuthWithVerifiedTokensServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: {
    auth: coreServices.auth,
    discovery: coreServices.discovery,
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
  },
  async factory({ auth, discovery, plugin, config }) {
    const enabled =
      config.getOptionalBoolean('backend.auth.verifiedUserTokenCache') ?? true;
    return DefaultHttpAuthService.create({
      auth: enabled ? VerifiedUserTokens.wrap(auth) : auth,
      discovery,
      pluginId: plugin.getId(),
    });
  },
});
