import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { SECURITYHUB_FINDING_RESOURCE_TYPE } from '@internal/plugin-securityhub-remediation-common';

/**
 * The permission backend's answer for a policy that lets the caller read
 * the findings of these accounts only (`findingConditions.isInAccounts`).
 */
export const inAccounts = (accountIds: string[]): PolicyDecision[] => [
  {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'securityhub-remediation',
    resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
    conditions: {
      rule: 'IS_IN_ACCOUNTS',
      resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
      params: { accountIds },
    },
  },
];
