import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { securityHubRemediationApprovePermission } from '@internal/plugin-securityhub-remediation-common';

/** Config key: the entity refs (users or groups) allowed to approve remediations. */
export const APPROVERS_CONFIG_KEY =
  'securityHubRemediation.remediation.approvers';

/**
 * A starting policy for a portal that has no policy of its own yet: every
 * permission is allowed, except approving or rejecting a remediation, which
 * only the users and members of groups in
 * `securityHubRemediation.remediation.approvers` may do. A team with its own
 * policy adds the same rule to it instead.
 *
 * @public
 */
export class ApproverPermissionPolicy implements PermissionPolicy {
  private readonly approvers: ReadonlySet<string>;

  constructor(approvers: string[]) {
    this.approvers = new Set(
      approvers.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  static fromConfig(config: Config): ApproverPermissionPolicy {
    return new ApproverPermissionPolicy(
      config.getOptionalStringArray(APPROVERS_CONFIG_KEY) ?? [],
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      request.permission.name !== securityHubRemediationApprovePermission.name
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Entity refs compare case-insensitively, as the catalog does.
    const owns = user?.info.ownershipEntityRefs ?? [];
    const approver = owns.some(ref =>
      this.approvers.has(ref.toLocaleLowerCase('en-US')),
    );
    return { result: approver ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}
