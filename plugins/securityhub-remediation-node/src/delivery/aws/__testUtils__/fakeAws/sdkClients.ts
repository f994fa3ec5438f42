import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';

export interface FakeAwsClients {
  codeCommit: CodeCommitClient;
  codePipeline: CodePipelineClient;
  ssm: SSMClient;
  securityHub: SecurityHubClient;
  destroy(): void;
}

/**
 * The real SDK clients pointed at a fake: requests are signed with
 * `accessKeyId`, which names the account they act in.
 */
export function sdkClientsFor(
  endpoint: string,
  {
    accessKeyId,
    region,
    maxAttempts = 2,
  }: { accessKeyId: string; region: string; maxAttempts?: number },
): FakeAwsClients {
  const config = {
    endpoint,
    region,
    maxAttempts,
    credentials: { accessKeyId, secretAccessKey: 'fake-secret' },
  };
  const clients = {
    codeCommit: new CodeCommitClient(config),
    codePipeline: new CodePipelineClient(config),
    ssm: new SSMClient(config),
    securityHub: new SecurityHubClient(config),
  };
  return {
    ...clients,
    destroy: () => Object.values(clients).forEach(client => client.destroy()),
  };
}
