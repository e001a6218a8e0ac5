import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

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

backend.add(import('@internal/plugin-monitoring-backend'));

// The Kubernetes tab's backend; the runbook diagnostics read the same clusters config.
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.start();
