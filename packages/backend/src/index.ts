import { createBackend } from '@backstage/backend-defaults';
import { httpAuthWithVerifiedTokensServiceFactory } from './services/httpAuthWithVerifiedTokens';

const backend = createBackend();

// Backstage's HttpAuthService with verified user tokens remembered for their lifetime: a burst of
// viewers carrying one token pays one signature check (services/VerifiedUserTokens.ts).
backend.add(httpAuthWithVerifiedTokensServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Development/test only: guest sign-in as one of several catalog users (modules/devUsersAuth.ts).
backend.add(import('./modules/devUsersAuth'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Readers read; only an entity's owners silence it (modules/permissionPolicy.ts).
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@internal/plugin-scaffolder-backend-module-monitoring'));
// publish:github for production templates (integrations.github in app-config.production.yaml);
// ./scripts/run publishes with monitoring:publish:local instead.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

backend.add(import('@internal/plugin-monitoring-backend'));

// The Kubernetes tab's backend; the runbook diagnostics read the same clusters config.
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.start();
