import { ConfigReader } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { ThrottlingSecurityHubServer } from '../../securityhub/__testUtils__/throttlingSecurityHubServer';
import { RateLimiter } from '../../securityhub/RateLimiter';
import type { securityHubTriageTargetsFromConfig } from '../config';
import type { SecurityHubTriageTarget } from '../SecurityHubTriageTarget';

/** Credentials the local Security Hub stand-in accepts, for one account. */
export function testCredentials(accountId: string): AwsCredentialsManager {
  return {
    getCredentialProvider: async () => ({
      accountId,
      sdkCredentialProvider: async () => ({
        accessKeyId: 'testing',
        secretAccessKey: 'testing',
      }),
    }),
  };
}

/**
 * Write-back targets built from a source entry as the backend builds them,
 * pointed at the stand-in server, each with its own pace when given.
 */
export async function wireTargets(
  fromConfig: typeof securityHubTriageTargetsFromConfig,
  source: { id: string; type: string; accountId: string },
  server: ThrottlingSecurityHubServer,
  rateLimit?: { requestsPerSecond: number; burst: number },
): Promise<SecurityHubTriageTarget[]> {
  const targets = await fromConfig(
    new ConfigReader({
      ...source,
      regions: ['us-east-1'],
      endpoint: server.endpoint,
    }),
    new ConfigReader({}),
    { credentialsManager: testCredentials(source.accountId) },
  );
  return targets.map(t => ({
    ...t,
    rateLimiter: rateLimit ? new RateLimiter(rateLimit) : undefined,
  }));
}
