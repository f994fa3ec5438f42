import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import { securityHubFindingReadPermission } from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingScope,
  FindingScopeQuery,
} from '../services/FindingsStore';

/**
 * The findings the caller may read: unrestricted (undefined), the criteria of
 * a conditional decision, or `'none'` when reading is denied.
 */
export async function findingReadScope(
  permissions: PermissionsService,
  transformConditions: ConditionTransformer<FindingScopeQuery>,
  credentials: BackstageCredentials,
): Promise<FindingScope | 'none'> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: securityHubFindingReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.DENY) return 'none';
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    return transformConditions(decision.conditions);
  }
  return undefined;
}
