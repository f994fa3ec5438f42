import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { createAwsDelivery } from './awsDeliveryFromConfig';
import { CodeCommitRepository } from './CodeCommitRepository';
import { CodePipelinePipeline } from './CodePipelinePipeline';
import { fakeCredentialsManager } from './__testUtils__/awsCredentials';

const KEY = 'securityHubRemediation.delivery.aws';
const config = (aws: JsonObject) =>
  new ConfigReader({
    securityHubRemediation: { delivery: { type: 'aws', aws } },
  });

describe('createAwsDelivery', () => {
  it('builds the four adapters with the defaults of the shipped infra template', async () => {
    const credentialsManager = fakeCredentialsManager();
    const delivery = await createAwsDelivery(
      config({ region: 'eu-west-1' }),
      KEY,
      {
        credentialsManager,
      },
    );
    expect(delivery.repository).toBeInstanceOf(CodeCommitRepository);
    expect(delivery.repository).toMatchObject({
      mode: 'aws',
      name: 'remediation-templates',
      branch: 'main',
    });
    expect(delivery.pipeline).toBeInstanceOf(CodePipelinePipeline);
    expect(delivery.pipeline.name).toBe('securityhub-remediation');
    expect([delivery.runner.mode, delivery.verifier.mode]).toEqual([
      'aws',
      'aws',
    ]);
    // The repository and pipeline account is the integration's main account.
    expect(credentialsManager.requested).toEqual([undefined]);
    expect(delivery.deployAccountId).toBe('111111111111');
    expect(delivery.followUpIntervalsMs).toEqual({
      staged: 10_000,
      validating: 10_000,
      awaiting_approval: 10_000,
      deploying: 10_000,
      running: 5_000,
      verifying: 60_000,
    });
  });

  it('reads every key', async () => {
    const credentialsManager = fakeCredentialsManager();
    const delivery = await createAwsDelivery(
      config({
        accountId: '111111111111',
        region: 'us-west-2',
        repositoryName: 'fixes',
        branch: 'release/remediations',
        pipelineName: 'fix-pipeline',
        stageNames: {
          source: 'Src',
          validate: 'Check',
          approval: 'Review',
          deploy: 'Ship',
        },
        approvalActionName: 'Approve',
        maxAttempts: 7,
        endpoints: {
          codecommit: 'http://127.0.0.1:1/codecommit',
          codepipeline: 'http://127.0.0.1:1/codepipeline',
          ssm: 'http://127.0.0.1:1/ssm',
          securityhub: 'http://127.0.0.1:1/securityhub',
        },
        pollSeconds: { pipeline: 30, automation: 3, verification: 120 },
        verify: {
          accountId: '999999999999',
          workflowStatus: 'NOTIFIED',
          timeoutMinutes: 30,
        },
      }),
      KEY,
      { credentialsManager, remediationUrl: id => `https://portal/r/${id}` },
    );
    expect(credentialsManager.requested).toEqual(['111111111111']);
    expect(delivery.deployAccountId).toBe('111111111111');
    expect(delivery.repository).toMatchObject({
      name: 'fixes',
      branch: 'release/remediations',
    });
    expect(delivery.repository.commitUrl('a'.repeat(40))).toContain(
      'us-west-2',
    );
    expect(delivery.pipeline.name).toBe('fix-pipeline');
    const pipelineOptions = (delivery.pipeline as any).stageNames;
    expect(pipelineOptions).toEqual({
      Source: 'Src',
      Validate: 'Check',
      Approval: 'Review',
      Deploy: 'Ship',
    });
    expect((delivery.pipeline as any).approvalActionName).toBe('Approve');
    const codeCommit = (delivery.repository as any).client;
    expect(await codeCommit.config.maxAttempts()).toBe(7);
    expect((await codeCommit.config.endpoint()).path).toBe('/codecommit');
    const ssm = await (delivery.runner as any).options.client({
      accountId: '222222222222',
      region: 'eu-west-1',
    });
    expect((await ssm.config.endpoint()).path).toBe('/ssm');
    expect(await ssm.config.region()).toBe('eu-west-1');
    const verifierOptions = (delivery.verifier as any).options;
    expect(verifierOptions).toMatchObject({
      accountId: '999999999999',
      workflowStatus: 'NOTIFIED',
      timeoutMs: 30 * 60_000,
    });
    expect(verifierOptions.remediationUrl('x')).toBe('https://portal/r/x');
    const hub = await verifierOptions.client({
      accountId: '999999999999',
      region: 'eu-west-1',
    });
    expect((await hub.config.endpoint()).path).toBe('/securityhub');
    expect(credentialsManager.requested).toEqual([
      '111111111111',
      '222222222222',
      '999999999999',
    ]);
    expect(delivery.followUpIntervalsMs).toMatchObject({
      validating: 30_000,
      running: 3_000,
      verifying: 120_000,
    });
  });

  it('leaves the workflow status alone when it is "none"', async () => {
    const delivery = await createAwsDelivery(
      config({ region: 'eu-west-1', verify: { workflowStatus: 'none' } }),
      KEY,
      { credentialsManager: fakeCredentialsManager() },
    );
    expect((delivery.verifier as any).options.workflowStatus).toBeUndefined();
  });

  it.each([
    [
      { region: 'eu-west-1', repositoryName: 'a/b' },
      /repositoryName: must be a repository name/,
    ],
    [{ region: 'eu-west-1', branch: '../x' }, /branch: /],
    [
      { region: 'eu-west-1', accountId: '12' },
      /accountId: must be a 12-digit AWS account id/,
    ],
    [
      { region: 'eu-west-1', endpoints: { s3: 'http://x' } },
      /endpoints: Unrecognized key/,
    ],
    [
      { region: 'eu-west-1', verify: { workflowStatus: 'DONE' } },
      /verify.workflowStatus/,
    ],
  ])('refuses %j, naming the key', async (aws, message) => {
    await expect(
      createAwsDelivery(config(aws as JsonObject), KEY, {
        credentialsManager: fakeCredentialsManager(),
      }),
    ).rejects.toThrow(message);
  });

  it('says which account has no credentials', async () => {
    await expect(
      createAwsDelivery(
        config({ region: 'eu-west-1', accountId: '444444444444' }),
        KEY,
        {
          credentialsManager: {
            getCredentialProvider: async () => {
              throw new Error('no such account');
            },
          },
        },
      ),
    ).rejects.toThrow(
      /no AWS credentials for account 444444444444; add it under aws.accounts/,
    );
  });
});
