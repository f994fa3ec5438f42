import { createBackend } from '@backstage/backend-defaults';
import { permissionModuleSecurityHubApprovers } from '@internal/plugin-securityhub-remediation-backend';
import { authModuleLocalUsersProvider } from './modules/localUsersAuth';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider for the embedded local mode. Add a real
// provider (GitHub, Okta, …) before exposing the portal.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Development only: named local people (e.g. an approver) next to the guest.
backend.add(authModuleLocalUsersProvider);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// Permissions: everything is allowed except approving remediations, which
// only `securityHubRemediation.remediation.approvers` may do. Replace it with
// a policy that also scopes securityhub.finding.read per account (see the
// plugin README).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleSecurityHubApprovers);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@internal/plugin-scaffolder-backend-module-securityhub-remediation'),
);

backend.add(import('@internal/plugin-securityhub-remediation-backend'));

// A plugin that fails to start leaves a process that never turns ready but
// stays up; exiting lets the orchestrator (or a deploy check) see it.
backend.start().catch(error => {
  console.error('Backend failed to start:', error);
  process.exit(1);
});
