import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  SECURITYHUB_FINDING_RESOURCE_TYPE,
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingScopeQuery } from '../services/FindingsStore';
import { accountIdsParamsSchema } from './accountIdsParamsSchema';

/** The finding resource type, owned by this plugin. @public */
export const findingResourceRef = createPermissionResourceRef<
  FindingDetail,
  FindingScopeQuery
>().with({
  pluginId: SECURITYHUB_REMEDIATION_PLUGIN_ID,
  resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
});

/**
 * Allows the findings of some AWS accounts only. A policy typically derives
 * the list from the account entities the user's groups own.
 *
 * @public
 */
export const isInAccounts = createPermissionRule({
  name: 'IS_IN_ACCOUNTS',
  description: 'Allow findings of the listed AWS accounts',
  resourceRef: findingResourceRef,
  paramsSchema: accountIdsParamsSchema,
  apply: (finding, { accountIds }) => accountIds.includes(finding.awsAccountId),
  toQuery: ({ accountIds }) => ({ awsAccountIds: accountIds }),
});

/** @public */
export const findingPermissionRules = { isInAccounts };

/**
 * Conditions for permission policies, e.g.
 * `createFindingConditionalDecision(permission, findingConditions.isInAccounts({ accountIds }))`.
 *
 * @public
 */
export const {
  conditions: findingConditions,
  createConditionalDecision: createFindingConditionalDecision,
} = createConditionExports({
  resourceRef: findingResourceRef,
  rules: findingPermissionRules,
});
