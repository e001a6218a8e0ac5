export interface Config {
  backend?: {
    auth?: {
      /**
       * Remember verified user tokens until their `exp` (src/services/VerifiedUserTokens.ts), so
       * a burst of requests with one token pays one signature check. Default true.
       * @visibility backend
       */
      verifiedUserTokenCache?: boolean;
    };
  };
  auth?: {
    providers?: {
      /**
       * The example backend's development sign-in (src/modules/devUsersAuth.ts), registered
       * under the guest provider's id. It works only with NODE_ENV=development.
       */
      guest?: {
        /**
         * The users one may sign in as: "Enter" signs in as the first, the browser cookie
         * `festivals-dev-user=<name>` picks another (`reader` for `user:default/reader`).
         * Entity refs of catalog User entities, e.g. `user:default/guest`.
         * @visibility backend
         */
        users?: string[];
        /**
         * The one user when `users` is not set, as with Backstage's guest provider.
         * @visibility backend
         */
        userEntityRef?: string;
      };
    };
  };
  permission?: {
    /** The example permission policy (src/modules/permissionPolicy.ts). */
    monitoring?: {
      /**
       * Groups (or users) whose members may apply monitoring manifests to a cluster for any
       * service, a new one included; everyone else only for entities they own. Entity refs,
       * e.g. `group:default/festivals-team`.
       * @visibility backend
       */
      manifestAppliers?: string[];
    };
  };
}
