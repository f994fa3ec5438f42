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
 * See the sync status in full: source targets (server folders, accounts),
 * raw error text and the rejected files with their reasons. These span every
 * account, so a user scoped to some accounts sees a sanitized status without
 * it. Distinct from `securityhub.sync.run`, which only starts a run.
 * @public
 */
export const securityHubSyncAdminPermission = createPermission({
  name: 'securityhub.sync.admin',
  attributes: { action: 'read' },
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

/**
 * Submit a remediation of a finding (generate and stage it). The finding must
 * also be readable by the user (`securityhub.finding.read`).
 * @public
 */
export const securityHubRemediationCreatePermission = createPermission({
  name: 'securityhub.remediation.create',
  attributes: { action: 'create' },
});

/**
 * Approve or reject a staged remediation before it deploys. Grant it to
 * approvers only; the submitter cannot approve their own remediation unless
 * `securityHubRemediation.remediation.allowSelfApproval` is true.
 * @public
 */
export const securityHubRemediationApprovePermission = createPermission({
  name: 'securityhub.remediation.approve',
  attributes: { action: 'update' },
});

/**
 * Triage findings: set their workflow status and add a note, written back to
 * Security Hub. A resource permission: a conditional decision limits it to
 * some accounts, and the findings must also be readable.
 * @public
 */
export const securityHubFindingUpdatePermission = createPermission({
  name: 'securityhub.finding.update',
  attributes: { action: 'update' },
  resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
});

/** Every permission of the plugin set, for registration. @public */
export const securityHubRemediationPermissions = [
  securityHubFindingReadPermission,
  securityHubSyncRunPermission,
  securityHubSyncAdminPermission,
  securityHubChatUsePermission,
  securityHubRemediationCreatePermission,
  securityHubRemediationApprovePermission,
  securityHubFindingUpdatePermission,
];
