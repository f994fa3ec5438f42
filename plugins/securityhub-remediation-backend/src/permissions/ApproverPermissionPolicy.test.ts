import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  securityHubFindingReadPermission,
  securityHubRemediationApprovePermission,
} from '@internal/plugin-securityhub-remediation-common';
import { ApproverPermissionPolicy } from './ApproverPermissionPolicy';

function userOwning(...refs: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: refs[0],
      ownershipEntityRefs: refs,
    },
    info: { userEntityRef: refs[0], ownershipEntityRefs: refs },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
  } as PolicyQueryUser;
}

const policy = ApproverPermissionPolicy.fromConfig(
  new ConfigReader({
    securityHubRemediation: {
      remediation: { approvers: ['group:default/SecOps-Approvers'] },
    },
  }),
);

describe('ApproverPermissionPolicy', () => {
  it('lets members of an approvers group approve, case-insensitively', async () => {
    const decision = await policy.handle(
      { permission: securityHubRemediationApprovePermission },
      userOwning('user:default/dana', 'group:default/secops-approvers'),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies approval to everyone else, and to callers without a user', async () => {
    await expect(
      policy.handle(
        { permission: securityHubRemediationApprovePermission },
        userOwning('user:default/sam', 'group:default/secops'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle({ permission: securityHubRemediationApprovePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows every other permission', async () => {
    await expect(
      policy.handle(
        { permission: securityHubFindingReadPermission },
        userOwning('user:default/sam'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('has no approvers when the key is absent', async () => {
    const none = ApproverPermissionPolicy.fromConfig(new ConfigReader({}));
    await expect(
      none.handle(
        { permission: securityHubRemediationApprovePermission },
        userOwning('user:default/dana', 'group:default/secops-approvers'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
