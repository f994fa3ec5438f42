import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { RateLimiter } from '../securityhub/RateLimiter';

/**
 * Where the findings of one Security Hub findings source (ASFF or OCSF) are
 * written back.
 * @public
 */
export interface SecurityHubTriageTarget {
  /** The findings source id (`<entry id>:<region>`) whose findings this client updates. */
  sourceId: string;
  /** Undefined: the account of the credentials (the integration's main account). */
  accountId?: string;
  region: string;
  /** A client with that account's credentials, in that region. */
  client: SecurityHubClient;
  /** Shared by every batch update call to the account and region. */
  rateLimiter?: RateLimiter;
}
