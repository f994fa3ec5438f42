import { createApiRef } from '@backstage/core-plugin-api';
import type { SecurityHubRemediationsApi } from '@internal/plugin-securityhub-remediation-common';

/**
 * Remediations of findings: preview, submit, follow, approve and retry;
 * implemented by `SecurityHubRemediationsClient` of the common package.
 *
 * @public
 */
export const securityHubRemediationsApiRef =
  createApiRef<SecurityHubRemediationsApi>({
    id: 'plugin.securityhub-remediation.remediations',
  });
