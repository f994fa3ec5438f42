import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of a stored Security Hub finding. Conditional decisions on it
 * (for example "only accounts 111122223333 and 444455556666") are applied by
 * the backend as SQL filters, so scoping holds for lists, counts and detail.
 *
 * @public
 */
export const SECURITYHUB_FINDING_RESOURCE_TYPE = 'securityhub-finding';

/** Read findings, their summary and their raw ASFF. @public */
export const securityHubFindingReadPermission = createPermission({
  name: 'securityhub.finding.read',
  attributes: { action: 'read' },
  resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
});

/** Start a findings sync on demand (the scheduler runs it anyway). @public */
export const securityHubSyncRunPermission = createPermission({
  name: 'securityhub.sync.run',
  attributes: { action: 'update' },
});

/**
 * Use the remediation chat. The agent's actions still run with the user's
 * own permissions: reading a finding needs `securityhub.finding.read` for it.
 * @public
 */
export const securityHubChatUsePermission = createPermission({
  name: 'securityhub.chat.use',
  attributes: { action: 'create' },
});

/** Every permission of the plugin set, for registration. @public */
export const securityHubRemediationPermissions = [
  securityHubFindingReadPermission,
  securityHubSyncRunPermission,
  securityHubChatUsePermission,
];
