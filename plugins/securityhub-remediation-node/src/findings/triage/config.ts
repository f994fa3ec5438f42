import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { readSecurityHubOcsfSourceConfig } from '../ocsf/config';
import { createSecurityHubClient } from '../securityhub/client';
import {
  readSecurityHubSourceConfig,
  type CreateSecurityHubFindingsSourcesOptions,
  type SecurityHubSourceConfig,
} from '../securityhub/config';
import type { SecurityHubTriageTarget } from './SecurityHubTriageTarget';

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
  return triageTargetsOf(
    readSecurityHubSourceConfig(sourceConfig),
    rootConfig,
    options,
  );
}

/**
 * The write-back targets of one `type: securityhub-ocsf` entry, for
 * `BatchUpdateFindingsV2`: as {@link securityHubTriageTargetsFromConfig}
 * (same source ids, credentials, endpoint and attempts; a client of its own
 * per region, paced apart from `GetFindingsV2`).
 *
 * @public
 */
export async function securityHubOcsfTriageTargetsFromConfig(
  sourceConfig: Config,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions = {},
): Promise<SecurityHubTriageTarget[]> {
  return triageTargetsOf(
    readSecurityHubOcsfSourceConfig(sourceConfig),
    rootConfig,
    options,
  );
}

async function triageTargetsOf(
  entry: Pick<
    SecurityHubSourceConfig,
    'id' | 'accountId' | 'regions' | 'endpoint' | 'maxAttempts'
  >,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions,
): Promise<SecurityHubTriageTarget[]> {
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
