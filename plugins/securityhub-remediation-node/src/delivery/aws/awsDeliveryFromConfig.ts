import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import type { RemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import {
  readAwsDeliveryConfig,
  type AwsDeliveryConfig,
} from './awsDeliveryConfig';
import { CodeCommitRepository } from './CodeCommitRepository';
import { CodePipelinePipeline } from './CodePipelinePipeline';
import { SsmAutomationRunner, type AccountRegion } from './SsmAutomationRunner';
import { SecurityHubFindingVerifier } from './SecurityHubFindingVerifier';

export interface AwsDeliveryOptions {
  /** Default: from the root config's `aws` integration section. */
  credentialsManager?: AwsCredentialsManager;
  /** Link back to a remediation in the portal (for the finding's note). */
  remediationUrl?(remediationId: string): string;
}

export interface AwsDelivery {
  repository: CodeCommitRepository;
  pipeline: CodePipelinePipeline;
  runner: SsmAutomationRunner;
  verifier: SecurityHubFindingVerifier;
  /** The repository and pipeline account: stacks deploy here, StackSets elsewhere. */
  deployAccountId?: string;
  /** How often the follow-up looks at a remediation in each status, on AWS. */
  followUpIntervalsMs: Partial<Record<RemediationStatus, number>>;
}

type ClientSettings = {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
};

/**
 * The AWS delivery adapters from `<key>` (`securityHubRemediation.delivery.aws`).
 * Credentials come from Backstage's AWS integration: the repository and
 * pipeline account's for CodeCommit and CodePipeline, each finding's account
 * (its configured role) for SSM and Security Hub. They never leave the
 * backend. Throttling and 5xx answers are retried by the SDK's standard
 * retry strategy (`maxAttempts`).
 */
export async function createAwsDelivery(
  config: Config,
  key: string,
  options: AwsDeliveryOptions = {},
): Promise<AwsDelivery> {
  const settings = readAwsDeliveryConfig(config, key);
  const credentials =
    options.credentialsManager ??
    DefaultAwsCredentialsManager.fromConfig(config);
  const providerOf = async (accountId: string | undefined) => {
    try {
      return await credentials.getCredentialProvider(
        accountId ? { accountId } : undefined,
      );
    } catch (error) {
      throw new Error(
        `${key}: no AWS credentials for account ${
          accountId ?? '(the aws integration’s main account)'
        }; add it under aws.accounts: ${String(error)}`,
      );
    }
  };
  const home = await providerOf(settings.accountId);
  const clientSettings = (
    where: { region: string },
    service: keyof AwsDeliveryConfig['endpoints'],
    provider: { sdkCredentialProvider: AwsCredentialIdentityProvider },
  ): ClientSettings => ({
    region: where.region,
    credentials: provider.sdkCredentialProvider,
    endpoint: settings.endpoints[service],
    maxAttempts: settings.maxAttempts,
  });

  const repository = new CodeCommitRepository({
    client: new CodeCommitClient(clientSettings(settings, 'codecommit', home)),
    region: settings.region,
    repositoryName: settings.repositoryName,
    branch: settings.branch,
  });
  const pipeline = new CodePipelinePipeline({
    client: new CodePipelineClient(
      clientSettings(settings, 'codepipeline', home),
    ),
    region: settings.region,
    pipelineName: settings.pipelineName,
    stageNames: {
      Source: settings.stageNames.source,
      Validate: settings.stageNames.validate,
      Approval: settings.stageNames.approval,
      Deploy: settings.stageNames.deploy,
    },
    approvalActionName: settings.approvalActionName,
    repository,
  });

  // One client per account and region, made on first use.
  const cached = <T>(make: (where: AccountRegion) => Promise<T>) => {
    const clients = new Map<string, Promise<T>>();
    return (where: AccountRegion) => {
      const id = `${where.accountId}/${where.region}`;
      let client = clients.get(id);
      if (!client) {
        client = make(where);
        clients.set(id, client);
        client.catch(() => clients.delete(id));
      }
      return client;
    };
  };
  const runner = new SsmAutomationRunner({
    client: cached(
      async where =>
        new SSMClient(
          clientSettings(where, 'ssm', await providerOf(where.accountId)),
        ),
    ),
  });
  const workflowStatus = settings.verify.workflowStatus;
  const verifier = new SecurityHubFindingVerifier({
    client: cached(
      async where =>
        new SecurityHubClient(
          clientSettings(
            where,
            'securityhub',
            await providerOf(where.accountId),
          ),
        ),
    ),
    accountId: settings.verify.accountId,
    workflowStatus: workflowStatus === 'none' ? undefined : workflowStatus,
    timeoutMs: settings.verify.timeoutMinutes * 60_000,
    remediationUrl: options.remediationUrl,
  });

  const pipelineMs = settings.pollSeconds.pipeline * 1000;
  return {
    repository,
    pipeline,
    runner,
    verifier,
    deployAccountId: settings.accountId ?? home.accountId,
    followUpIntervalsMs: {
      staged: pipelineMs,
      validating: pipelineMs,
      awaiting_approval: pipelineMs,
      deploying: pipelineMs,
      running: settings.pollSeconds.automation * 1000,
      verifying: settings.pollSeconds.verification * 1000,
    },
  };
}
