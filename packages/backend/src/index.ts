import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider for the embedded local mode. Add a real
// provider (GitHub, Okta, …) before exposing the portal.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// Permissions: allow-all keeps the local mode open; replace it with a policy
// that scopes securityhub.finding.read per account (see the plugin README).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@internal/plugin-scaffolder-backend-module-securityhub-remediation'),
);

backend.add(import('@internal/plugin-securityhub-remediation-backend'));

backend.start();
