import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  findingPathParamsSchema,
  findingsFilterSchema,
  findingsListQuerySchema,
  securityHubSyncAdminPermission,
  securityHubSyncRunPermission,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingScope,
  FindingScopeQuery,
  FindingsStore,
} from '../services/FindingsStore';
import type { FindingsSyncService } from '../services/FindingsSync';
import type { ChatService } from '../services/Chat';
import type { RemediationService } from '../services/Remediations';
import type { FindingsTrendsService } from '../services/FindingsTrends';
import { createChatRouter } from './chatRouter';
import { createRemediationsRouter } from './remediationsRouter';
import { createTriageRouter } from './triageRouter';
import type { FindingsTriageService } from '../services/Triage';
import { createTrendsRouter } from './trendsRouter';
import { createExportRouter } from './exportRouter';
import { FindingReadScopeCache } from './findingReadScopeCache';
import { FindingsResponseCache } from './findingsResponseCache';
import { parseInput } from './parseInput';

export interface RouterOptions {
  store: FindingsStore;
  sync: FindingsSyncService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<FindingScopeQuery>;
  /**
   * Asks the scheduler to run the sync task now (on one instance); throws a
   * ConflictError while a run goes on.
   */
  triggerSync: () => Promise<void>;
  /** The remediation chat, served under `/v1/chat` when given. */
  chat?: ChatService;
  /** Remediations, served under `/v1/remediations` when given. */
  remediations?: RemediationService;
  /** Finding triage, served under `/v1/findings/triage` when given. */
  triage?: FindingsTriageService;
  /** Records audit events (conversation deletion, remediation decisions). */
  auditor?: AuditorService;
  /** Daily finding counts, served under `/v1/findings/trends` when given. */
  trends?: FindingsTrendsService;
  /** Logs failures of streamed responses (exports), sent after their status. */
  logger?: LoggerService;
  /**
   * How long a caller's findings read decision is reused for the same bearer
   * token, in seconds (`securityHubRemediation.findings.permissionCacheSeconds`);
   * 0 verifies the token and asks the permission backend on every request.
   */
  permissionCacheSeconds?: number;
  /**
   * Keep list and summary answers per data version (default true); the
   * benchmarks turn it off to measure views computed from the store.
   */
  cacheResponses?: boolean;
}

/** Routes under `/api/securityhub-remediation`; versioned under `/v1`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, sync, httpAuth, permissions, transformConditions } = options;
  const router = Router();
  if (options.chat) {
    // Before the 16 KB body limit below: chat messages are larger.
    router.use(
      '/v1/chat',
      createChatRouter({
        chat: options.chat,
        httpAuth,
        permissions,
        transformConditions,
        auditor: options.auditor,
      }),
    );
  }
  if (options.remediations) {
    router.use(
      '/v1/remediations',
      createRemediationsRouter({
        remediations: options.remediations,
        httpAuth,
        permissions,
        transformConditions,
        auditor: options.auditor,
      }),
    );
  }
  if (options.trends) {
    // Before `/v1/findings/:id`, which would read `trends` as an id.
    router.use(
      '/v1/findings/trends',
      createTrendsRouter({
        trends: options.trends,
        httpAuth,
        permissions,
        transformConditions,
      }),
    );
  }
  if (options.triage) {
    router.use(
      '/v1/findings/triage',
      createTriageRouter({
        triage: options.triage,
        httpAuth,
        permissions,
        transformConditions,
        auditor: options.auditor,
      }),
    );
  }
  router.use(express.json({ limit: '16kb' }));

  const readScopes = new FindingReadScopeCache({
    permissions,
    transformConditions,
    ttlMs: (options.permissionCacheSeconds ?? 0) * 1000,
  });

  /** The caller's read scope; throws when the caller may read nothing. */
  async function readScope(req: express.Request): Promise<FindingScope> {
    const scope = await readScopes.scope(req, () => httpAuth.credentials(req));
    if (scope === 'none') {
      throw new NotAllowedError(
        'You are not allowed to read Security Hub findings',
      );
    }
    return scope;
  }

  // Without a data version to key them by, responses are not cached.
  const responses =
    options.cacheResponses !== false && store.dataVersion
      ? new FindingsResponseCache(() => store.dataVersion!())
      : undefined;

  /**
   * Sends what `compute` answers for the caller's scope and the request's
   * query string, cached when possible. Keyed by the raw query string: only
   * answers to valid queries are cached, so a hit skips parsing too.
   */
  async function sendFindings(
    req: express.Request,
    res: express.Response,
    compute: (scope: FindingScope) => Promise<unknown>,
  ) {
    const scope = await readScope(req);
    if (!responses) {
      res.json(await compute(scope));
      return;
    }
    const key = JSON.stringify([req.path, scope ?? null, req.url]);
    await responses.send(req, res, key, () => compute(scope));
  }

  router.get('/v1/findings', async (req, res) => {
    await sendFindings(req, res, scope => {
      const query = parseInput(
        findingsListQuerySchema,
        req.query,
        'findings query',
      );
      return store.list(query, scope);
    });
  });

  router.get('/v1/findings/summary', async (req, res) => {
    await sendFindings(req, res, scope => {
      const filter = parseInput(
        findingsFilterSchema,
        req.query,
        'summary query',
      );
      return store.summary(filter, scope);
    });
  });

  // Before `/v1/findings/:id`, which would read `export` as an id.
  router.use(
    '/v1/findings/export',
    createExportRouter({ store, readScope, logger: options.logger }),
  );

  router.get('/v1/findings/:id', async (req, res) => {
    const { id } = parseInput(
      findingPathParamsSchema,
      req.params,
      'finding path',
    );
    const finding = await store.get(id, await readScope(req));
    // Out-of-scope findings answer 404 too: their existence is not disclosed.
    if (!finding) throw new NotFoundError(`No finding with id ${id}`);
    res.json(finding);
  });

  router.get('/v1/sync/status', async (req, res) => {
    // Counts within the caller's scope; targets, error text and rejected
    // files span every account, so only sync admins see them.
    const scope = await readScope(req);
    const [admin] = await permissions.authorize(
      [{ permission: securityHubSyncAdminPermission }],
      { credentials: await httpAuth.credentials(req) },
    );
    const detailed = admin.result === AuthorizeResult.ALLOW;
    res.json(await sync.status({ scope, detailed }));
  });

  router.post('/v1/sync', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: securityHubSyncRunPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You are not allowed to start a findings sync');
    }
    try {
      await options.triggerSync();
    } catch (error) {
      if (!isError(error) || error.name !== 'ConflictError') throw error;
      const since = await sync.runningSince();
      throw new ConflictError(
        since
          ? `A findings sync is already running (started at ${since}); its results show in the sync status when it ends`
          : error.message,
      );
    }
    res.status(202).json({ status: 'scheduled' });
  });

  router.use((req, _res, next) => {
    next(
      new NotFoundError(
        `No route ${req.method} ${req.path}; this API is under /v1`,
      ),
    );
  });

  return router;
}
