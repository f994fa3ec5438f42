/**
 * The plugin router as the benchmarks mount it: every permission allowed,
 * the test user's token accepted, no findings sources.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

export function benchRouter(
  findings: KnexFindingsStore,
  routes: Pick<RouterOptions, 'chat' | 'remediations' | 'cacheResponses'>,
) {
  return createRouter({
    store: findings,
    sync: new FindingsSyncService({
      store: findings,
      sources: [],
      logger: silentLogger,
    }),
    httpAuth: mockServices.httpAuth(),
    permissions: { authorize: allowAll, authorizeConditional: allowAll } as any,
    transformConditions: createConditionTransformer([isInAccounts]),
    triggerSync: async () => {},
    ...routes,
  });
}
