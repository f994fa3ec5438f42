/**
 * The plugin router as the benchmarks mount it: every permission allowed
 * (or, given `leavingOut`, reading allowed in every account but those), the
 * test user's token accepted, no findings sources.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SECURITYHUB_FINDING_RESOURCE_TYPE } from '@internal/plugin-securityhub-remediation-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import { isInAccounts } from '../src/permissions';
import { createRouter, type RouterOptions } from '../src/router/createRouter';
import type { KnexFindingsStore } from '../src/services/FindingsStore';
import { FindingsSyncService } from '../src/services/FindingsSync';

export const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

const allowAll = async (requests: unknown[]) =>
  requests.map(() => ({ result: AuthorizeResult.ALLOW }));

/** A policy's decision that allows reading every account but `accountIds`. */
const allowAllBut = (accountIds: string[]) => async (requests: unknown[]) =>
  requests.map(() => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'securityhub-remediation',
    resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
    conditions: {
      not: {
        rule: 'IS_IN_ACCOUNTS',
        resourceType: SECURITYHUB_FINDING_RESOURCE_TYPE,
        params: { accountIds },
      },
    },
  }));

export function benchRouter(
  findings: KnexFindingsStore,
  routes: Pick<RouterOptions, 'chat' | 'remediations' | 'cacheResponses'>,
  leavingOut?: string[],
) {
  return createRouter({
    store: findings,
    sync: new FindingsSyncService({
      store: findings,
      sources: [],
      logger: silentLogger,
    }),
    httpAuth: mockServices.httpAuth(),
    permissions: {
      authorize: allowAll,
      authorizeConditional: leavingOut ? allowAllBut(leavingOut) : allowAll,
    } as any,
    transformConditions: createConditionTransformer([isInAccounts]),
    triggerSync: async () => {},
    ...routes,
  });
}
