import type { Config } from '@backstage/config';
import {
  coreServices,
  createBackendPlugin,
  type SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  securityHubRemediationPermissions,
} from '@internal/plugin-securityhub-remediation-common';
import { randomUUID } from 'crypto';
import {
  LocalFindingVerifier,
  LocalFindingsTriageWriter,
  readChatLimits,
  remediationAgentServiceRef,
  remediationDeliveryServiceRef,
  remediationEngineServiceRef,
} from '@internal/plugin-securityhub-remediation-node';
import { ChatService, KnexConversationStore } from './services/Chat';
import {
  dropInterruptedFirstLoad,
  restoreDeferredIndexes,
  KnexFindingsStore,
  openSqliteReader,
} from './services/FindingsStore';
import {
  KnexRemediationStore,
  RemediationService,
} from './services/Remediations';
import {
  FindingsTriageService,
  securityHubTriageWriterFromConfig,
} from './services/Triage';
import {
  FindingsSyncService,
  InterruptedSyncRecovery,
  KnexSyncRunRecords,
} from './services/FindingsSync';
import {
  FINDINGS_CONFIG_KEY,
  findingsSourcesFromConfig,
} from './services/findingsSourcesFromConfig';
import { FindingsTrendsService } from './services/FindingsTrends';
import { findingPermissionRules, findingResourceRef } from './permissions';
import { createRouter } from './router/createRouter';
import {
  readFindingsReadConfig,
  readTextIndexMaxFindings,
} from './router/findingsReadConfig';

const SYNC_TASK_ID = 'securityhub-remediation-findings-sync';
const FOLLOW_UP_TASK_ID = 'securityhub-remediation-follow-up';
const REMEDIATION_CONFIG_KEY = 'securityHubRemediation.remediation';

/** Reads `key` as a task schedule, or the default when it is absent. */
function scheduleOf(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

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
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        engine: remediationEngineServiceRef,
        agent: remediationAgentServiceRef,
        delivery: remediationDeliveryServiceRef,
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

        // A first load that stopped mid-way left its load schema, or (an
        // earlier version) its indexes to build.
        if (await dropInterruptedFirstLoad(db)) {
          logger.info(
            'Dropped what an interrupted first load of findings left',
          );
        }
        const rebuilt = await restoreDeferredIndexes(db);
        if (rebuilt.length > 0) {
          logger.info(
            `Built ${rebuilt.length} findings indexes an interrupted first load had deferred`,
          );
        }

        // SQLite: WAL and a read-only connection of its own, so requests
        // are answered while an import holds the writer connection.
        const reader = await openSqliteReader(db, {
          onError: message => logger.warn(`SQLite maintenance: ${message}`),
        });
        if (reader) deps.lifecycle.addShutdownHook(() => reader.close());
        const textIndexMax = readTextIndexMaxFindings(config);
        const store = new KnexFindingsStore({
          db,
          reader: reader?.knex,
          analyze: reader?.analyze,
          textIndex: textIndexMax > 0 && { maxFindings: textIndexMax },
        });
        const trends = new FindingsTrendsService({
          db,
          reader: reader?.knex,
          store,
          logger,
        });
        const sync = new FindingsSyncService({
          store,
          sources: await findingsSourcesFromConfig(config, logger),
          logger,
          runs: new KnexSyncRunRecords(db),
          afterRun: results => trends.afterSync(results),
        });

        // Triage goes back to Security Hub for findings a `securityhub`
        // (BatchUpdateFindings) or `securityhub-ocsf` (BatchUpdateFindingsV2)
        // source stored (same account credentials and region), and stays in
        // this store for findings of any other source (local mode).
        const triage = new FindingsTriageService({
          store,
          securityHub: await securityHubTriageWriterFromConfig(config),
          local: new LocalFindingsTriageWriter(store),
          logger: logger.child({ component: 'triage' }),
        });

        const chat = new ChatService({
          conversations: new KnexConversationStore(db),
          findings: store,
          engine: deps.engine,
          agent: deps.agent,
          limits: readChatLimits(config),
          logger,
        });

        // Locally the verifier marks findings in this plugin's own store, so
        // it is built here; the AWS delivery brings its Security Hub verifier.
        const { verifier, followUpIntervalsMs, ...delivery } = deps.delivery;
        const remediations = new RemediationService({
          store: new KnexRemediationStore(db),
          findings: store,
          engine: deps.engine,
          ...delivery,
          verifier: verifier ?? new LocalFindingVerifier({ updater: store }),
          followUp: { intervalsMs: followUpIntervalsMs },
          allowSelfApproval:
            config.getOptionalBoolean(
              `${REMEDIATION_CONFIG_KEY}.allowSelfApproval`,
            ) ?? false,
          logger: logger.child({ component: 'remediations' }),
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

        // Global tasks: with several backend instances only one runs each at a time.
        await scheduler.scheduleTask({
          id: SYNC_TASK_ID,
          scope: 'global',
          ...scheduleOf(config, `${FINDINGS_CONFIG_KEY}.sync`, {
            frequency: { minutes: 30 },
            timeout: { minutes: 15 },
          }),
          fn: async signal => {
            await sync.syncAll(signal as AbortSignal);
          },
        });
        // A run whose backend stopped (crash, restart) would hold the task
        // until its timeout: mark it interrupted and start the next one now.
        const syncRecovery = new InterruptedSyncRecovery({
          sync,
          scheduler,
          taskId: SYNC_TASK_ID,
          logger,
        });
        deps.lifecycle.addShutdownHook(() => syncRecovery.stop());
        await syncRecovery.start().catch(error => {
          logger.warn(
            `Checking for an interrupted findings sync failed: ${error}`,
          );
        });
        // Remediations advance from what the database holds, so a restart
        // resumes them; leases keep two instances off one record anyway.
        const followUpOwner = `backend-${randomUUID()}`;
        await scheduler.scheduleTask({
          id: FOLLOW_UP_TASK_ID,
          scope: 'global',
          ...scheduleOf(config, `${REMEDIATION_CONFIG_KEY}.followUp`, {
            frequency: { seconds: 15 },
            timeout: { minutes: 5 },
          }),
          fn: async signal => {
            await remediations.followUpDue({
              signal: signal as AbortSignal,
              owner: followUpOwner,
            });
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
            triggerSync: () => syncRecovery.trigger(),
            chat,
            remediations,
            triage,
            trends,
            auditor: deps.auditor,
            logger,
            ...readFindingsReadConfig(config),
          }),
        );
      },
    });
  },
});
