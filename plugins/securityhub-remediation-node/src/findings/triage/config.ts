import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { createSecurityHubClient } from '../securityhub/client';
import {
  readSecurityHubSourceConfig,
  type CreateSecurityHubFindingsSourcesOptions,
} from '../securityhub/config';
import type { SecurityHubTriageTarget } from './SecurityHubFindingsTriageWriter';

/**
 * The write-back targets of one `type: securityhub` entry of
 * `securityHubRemediation.findings.sources`: one per region, keyed by the
 * same source id its findings are stored under, with the same account
 * credentials the source reads with. Each gets a client of its own, so the
 * `BatchUpdateFindings` quota is paced apart from `GetFindings`.
 *
 * @public
 */
export async function securityHubTriageTargetsFromConfig(
  sourceConfig: Config,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions = {},
): Promise<SecurityHubTriageTarget[]> {
  const entry = readSecurityHubSourceConfig(sourceConfig);
  const credentialsManager: AwsCredentialsManager =
    options.credentialsManager ??
    DefaultAwsCredentialsManager.fromConfig(rootConfig);
  const provider = await credentialsManager.getCredentialProvider(
    entry.accountId ? { accountId: entry.accountId } : undefined,
  );
  const credentials: AwsCredentialIdentityProvider =
    provider.sdkCredentialProvider;
  const settings = { endpoint: entry.endpoint, maxAttempts: entry.maxAttempts };
  return entry.regions.map(region => ({
    sourceId: `${entry.id}:${region}`,
    accountId: entry.accountId ?? provider.accountId,
    region,
    client: options.clientFactory
      ? options.clientFactory(region, credentials, settings)
      : createSecurityHubClient({ region, credentials, ...settings }),
  }));
}
