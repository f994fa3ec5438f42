import express from 'express';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import type { FindingsSource } from '@internal/plugin-securityhub-remediation-node';
import type { KnexFindingsStore } from '../../services/FindingsStore';
import { FindingsSyncService } from '../../services/FindingsSync';
import { isInAccounts } from '../../permissions';
import { createRouter, type RouterOptions } from '../createRouter';

/**
 * The plugin router over a real store, as the tests drive it: a sync service
 * over `sources`, mock auth, the given permissions and the account rule.
 */
export async function routerApp(options: {
  store: KnexFindingsStore;
  permissions: PermissionsService;
  sources?: FindingsSource[];
  triggerSync?: RouterOptions['triggerSync'];
  remediations?: RouterOptions['remediations'];
  triage?: RouterOptions['triage'];
  auditor?: RouterOptions['auditor'];
  trends?: RouterOptions['trends'];
  logger?: RouterOptions['logger'];
  permissionCacheSeconds?: RouterOptions['permissionCacheSeconds'];
  cacheResponses?: RouterOptions['cacheResponses'];
}): Promise<express.Express> {
  const { store, permissions, sources = [], ...rest } = options;
  const router = await createRouter({
    store,
    sync: new FindingsSyncService({
      store,
      sources,
      logger: mockServices.logger.mock(),
    }),
    httpAuth: mockServices.httpAuth(),
    permissions,
    transformConditions: createConditionTransformer([isInAccounts]),
    triggerSync: async () => {},
    ...rest,
  });
  return express().use(router).use(mockErrorHandler());
}
