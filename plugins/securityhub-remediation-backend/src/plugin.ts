import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  securityHubRemediationPermissions,
} from '@internal/plugin-securityhub-remediation-common';
import {
  readChatLimits,
  remediationAgentServiceRef,
  remediationEngineServiceRef,
} from '@internal/plugin-securityhub-remediation-node';
import { ChatService, KnexConversationStore } from './services/Chat';
import { KnexFindingsStore } from './services/FindingsStore';
import { FindingsSyncService } from './services/FindingsSync';
import {
  FINDINGS_CONFIG_KEY,
  findingsSourcesFromConfig,
} from './services/findingsSourcesFromConfig';
import { findingPermissionRules, findingResourceRef } from './permissions';
import { createRouter } from './router/createRouter';

const SYNC_TASK_ID = 'securityhub-remediation-findings-sync';

/**
 * Security Hub findings: stored in the plugin's database, synced on the
 * scheduler, served under `/api/securityhub-remediation/v1`; the remediation
 * chat under `/v1/chat`.
 *
 * @public
 */
export const securityHubRemediationPlugin = createBackendPlugin({
  pluginId: SECURITYHUB_REMEDIATION_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        engine: remediationEngineServiceRef,
        agent: remediationAgentServiceRef,
      },
      async init(deps) {
        const { config, logger, database, scheduler, httpRouter } = deps;
        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@internal/plugin-securityhub-remediation-backend',
              'migrations',
            ),
          });
        }

        const store = new KnexFindingsStore(db);
        const sync = new FindingsSyncService({
          store,
          sources: await findingsSourcesFromConfig(config, logger),
          logger,
        });

        const chat = new ChatService({
          conversations: new KnexConversationStore(db),
          findings: store,
          engine: deps.engine,
          agent: deps.agent,
          limits: readChatLimits(config),
          logger,
        });

        deps.permissionsRegistry.addPermissions(
          securityHubRemediationPermissions,
        );
        deps.permissionsRegistry.addResourceType({
          resourceRef: findingResourceRef,
          permissions: securityHubRemediationPermissions,
          rules: Object.values(findingPermissionRules),
          getResources: ids => store.getMany(ids),
        });

        const schedule = config.has(`${FINDINGS_CONFIG_KEY}.sync`)
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig(`${FINDINGS_CONFIG_KEY}.sync`),
            )
          : { frequency: { minutes: 30 }, timeout: { minutes: 15 } };
        // A global task: with several backend instances only one syncs at a time.
        await scheduler.scheduleTask({
          id: SYNC_TASK_ID,
          scope: 'global',
          ...schedule,
          fn: async signal => {
            await sync.syncAll(signal as AbortSignal);
          },
        });

        httpRouter.use(
          await createRouter({
            store,
            sync,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            transformConditions: createConditionTransformer(
              deps.permissionsRegistry.getPermissionRuleset(findingResourceRef),
            ),
            triggerSync: () => scheduler.triggerTask(SYNC_TASK_ID),
            chat,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
