import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  createRemediationRequestSchema,
  remediationDecisionRequestSchema,
  remediationIdSchema,
  remediationPreviewRequestSchema,
  remediationsListQuerySchema,
  securityHubRemediationApprovePermission,
  securityHubRemediationCreatePermission,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingScope,
  FindingScopeQuery,
} from '../services/FindingsStore';
import type { RemediationService } from '../services/Remediations';
import { findingReadScope } from './findingReadScope';
import { parseInput } from './parseInput';

export interface RemediationsRouterOptions {
  remediations: RemediationService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<FindingScopeQuery>;
  /** Records submissions, decisions and retries. */
  auditor?: AuditorService;
}

/** A signed-in user with the findings they may read. */
interface Caller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  actor: string;
  scope: FindingScope;
}

/**
 * Remediations under `/v1/remediations`: preview, submit (generate and
 * stage), read, decide the approval, retry. Every route sees only the
 * remediations of findings the caller may read; out of scope answers 404.
 */
export function createRemediationsRouter(
  options: RemediationsRouterOptions,
): express.Router {
  const { remediations, httpAuth, permissions, transformConditions, auditor } =
    options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  async function callerOf(req: express.Request): Promise<Caller> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const scope = await findingReadScope(
      permissions,
      transformConditions,
      credentials,
    );
    if (scope === 'none') {
      throw new NotAllowedError(
        'You are not allowed to read Security Hub findings, so you cannot see their remediations',
      );
    }
    return {
      credentials,
      actor: credentials.principal.userEntityRef,
      scope,
    };
  }

  async function requirePermission(
    caller: Caller,
    permission: BasicPermission,
    refusal: string,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials: caller.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
  }

  /** Runs a state-changing call as an audit event that succeeds or fails with it. */
  async function audited<T>(
    req: express.Request,
    eventId: string,
    meta: JsonObject,
    run: () => Promise<T>,
  ): Promise<T> {
    const audit = await auditor?.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await run();
      await audit?.success();
      return result;
    } catch (error) {
      await audit?.fail({ error: error as Error });
      throw error;
    }
  }

  function idParam(req: express.Request): string {
    return parseInput(remediationIdSchema, req.params.id, 'remediation id');
  }

  router.post('/preview', async (req, res) => {
    const body = parseInput(
      remediationPreviewRequestSchema,
      req.body,
      'preview request',
    );
    const caller = await callerOf(req);
    res.json(await remediations.preview(body.findingId, caller.scope));
  });

  router.post('/', async (req, res) => {
    const body = parseInput(
      createRemediationRequestSchema,
      req.body,
      'remediation request',
    );
    const caller = await callerOf(req);
    await requirePermission(
      caller,
      securityHubRemediationCreatePermission,
      'You are not allowed to submit remediations',
    );
    const created = await audited(
      req,
      'remediation-submit',
      { findingId: body.findingId, templateHash: body.templateHash },
      () =>
        remediations.create(body, { scope: caller.scope, actor: caller.actor }),
    );
    res.status(201).json(created);
  });

  router.get('/', async (req, res) => {
    const query = parseInput(
      remediationsListQuerySchema,
      req.query,
      'remediations query',
    );
    const caller = await callerOf(req);
    res.json(await remediations.list(query, caller.scope));
  });

  router.get('/:id', async (req, res) => {
    const id = idParam(req);
    const caller = await callerOf(req);
    const remediation = await remediations.get(id, caller.scope);
    if (!remediation) throw new NotFoundError(`No remediation with id ${id}`);
    res.json(remediation);
  });

  router.post('/:id/decision', async (req, res) => {
    const id = idParam(req);
    const body = parseInput(
      remediationDecisionRequestSchema,
      req.body,
      'approval decision',
    );
    const caller = await callerOf(req);
    await requirePermission(
      caller,
      securityHubRemediationApprovePermission,
      'You are not allowed to approve or reject remediations',
    );
    const decided = await audited(
      req,
      'remediation-decision',
      { remediationId: id, decision: body.decision, comment: body.comment },
      () =>
        remediations.decide(id, body, {
          scope: caller.scope,
          actor: caller.actor,
        }),
    );
    res.json(decided);
  });

  router.post('/:id/retry', async (req, res) => {
    const id = idParam(req);
    const caller = await callerOf(req);
    await requirePermission(
      caller,
      securityHubRemediationCreatePermission,
      'You are not allowed to retry remediations',
    );
    const retried = await audited(
      req,
      'remediation-retry',
      { remediationId: id },
      () =>
        remediations.retry(id, { scope: caller.scope, actor: caller.actor }),
    );
    res.json(retried);
  });

  return router;
}
