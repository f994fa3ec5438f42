import { createApiRef } from '@backstage/core-plugin-api';
import type { SecurityHubChatApi } from '@internal/plugin-securityhub-remediation-common';

/**
 * The remediation chat; implemented by `SecurityHubChatClient` of the common
 * package, which streams each answer as server-sent events.
 *
 * @public
 */
export const securityHubChatApiRef = createApiRef<SecurityHubChatApi>({
  id: 'plugin.securityhub-remediation.chat',
});
