import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  findingsTriageRequestSchema,
  securityHubFindingUpdatePermission,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingScope,
  FindingScopeQuery,
} from '../services/FindingsStore';
import type { FindingsTriageService } from '../services/Triage';
import { findingReadScope } from './findingReadScope';
import { parseInput } from './parseInput';

export interface TriageRouterOptions {
  triage: FindingsTriageService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<FindingScopeQuery>;
  /** Records every triage, allowed or refused, with its outcome. */
  auditor?: AuditorService;
}

/** Findings in both scopes (undefined is unrestricted). */
function bothScopes(a: FindingScope, b: FindingScope): FindingScope {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { allOf: [a, b] };
}

/**
 * `POST /v1/findings/triage`: set the workflow status and add a note on up
 * to 100 findings, written back to Security Hub. The caller must be a user
 * who may read the findings and holds `securityhub.finding.update` for them;
 * findings outside either answer as not found.
 */
export function createTriageRouter(
  options: TriageRouterOptions,
): express.Router {
  const { triage, httpAuth, permissions, transformConditions, auditor } =
    options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  /** The findings the user may both read and update; throws when none. */
  async function triageScope(
    credentials: Awaited<ReturnType<typeof userCredentials>>,
  ): Promise<FindingScope> {
    const read = await findingReadScope(
      permissions,
      transformConditions,
      credentials,
    );
    if (read === 'none') {
      throw new NotAllowedError(
        'You are not allowed to read Security Hub findings, so you cannot triage them',
      );
    }
    const [decision] = await permissions.authorizeConditional(
      [{ permission: securityHubFindingUpdatePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        'You are not allowed to triage findings: ask for the securityhub.finding.update permission',
      );
    }
    const update =
      decision.result === AuthorizeResult.CONDITIONAL
        ? transformConditions(decision.conditions)
        : undefined;
    return bothScopes(read, update);
  }

  function userCredentials(req: express.Request) {
    // A note names the person who wrote it: service principals are refused (403).
    return httpAuth.credentials(req, { allow: ['user'] });
  }

  router.post('/', async (req, res) => {
    const body = parseInput(
      findingsTriageRequestSchema,
      req.body,
      'triage request',
    );
    const audit = await auditor?.createEvent({
      eventId: 'finding-triage',
      severityLevel: 'medium',
      request: req,
      meta: {
        findingIds: body.findingIds,
        workflowStatus: body.workflowStatus ?? null,
        note: body.note ?? null,
      },
    });
    try {
      const credentials = await userCredentials(req);
      const scope = await triageScope(credentials);
      const result = await triage.triage(body, {
        scope,
        updatedBy: credentials.principal.userEntityRef,
      });
      const outcome = {
        updated: result.updated,
        failed: result.failed,
        results: result.results.map(r => ({
          findingId: r.findingId,
          status: r.status,
          reason: r.reason ?? null,
        })),
      };
      if (result.failed === 0) {
        await audit?.success({ meta: outcome });
      } else {
        await audit?.fail({
          error: new Error(
            `${result.failed} of ${result.results.length} finding(s) were not updated`,
          ),
          meta: outcome,
        });
      }
      res.json(result);
    } catch (error) {
      await audit?.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
