import express from 'express';
import Router from 'express-promise-router';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import { findingsTrendsQuerySchema } from '@internal/plugin-securityhub-remediation-common';
import type { FindingScopeQuery } from '../services/FindingsStore';
import type { FindingsTrendsService } from '../services/FindingsTrends';
import { findingReadScope } from './findingReadScope';
import { parseInput } from './parseInput';

export interface TrendsRouterOptions {
  trends: FindingsTrendsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<FindingScopeQuery>;
}

/**
 * `GET /v1/findings/trends`: daily counts of the last days, summed over the
 * accounts the caller may read (as the summary is), or of one of them.
 */
export function createTrendsRouter(
  options: TrendsRouterOptions,
): express.Router {
  const { trends, httpAuth, permissions, transformConditions } = options;
  const router = Router();

  router.get('/', async (req, res) => {
    const scope = await findingReadScope(
      permissions,
      transformConditions,
      await httpAuth.credentials(req),
    );
    if (scope === 'none') {
      throw new NotAllowedError(
        'You are not allowed to read Security Hub findings',
      );
    }
    const query = parseInput(
      findingsTrendsQuerySchema,
      req.query,
      'trends query',
    );
    res.json(await trends.trends(query, scope));
  });

  return router;
}
