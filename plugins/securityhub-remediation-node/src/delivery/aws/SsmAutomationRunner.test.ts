import {
  GetAutomationExecutionCommand,
  SSMClient,
  SSMServiceException,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { renderRemediation } from '../../remediation/templates/renderRemediation';
import { withDocumentName } from '../templateDocument';
import { clientTokenUuid, SsmAutomationRunner } from './SsmAutomationRunner';

const ssm = mockClient(SSMClient);
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function runner() {
  const where: Array<{ accountId: string; region: string }> = [];
  const instance = new SsmAutomationRunner({
    client: async target => {
      where.push({ accountId: target.accountId, region: target.region });
      return new SSMClient({ region: target.region });
    },
  });
  return { runner: instance, where };
}

const awsError = (name: string) =>
  new SSMServiceException({
    name,
    message: name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

describe('SsmAutomationRunner', () => {
  beforeEach(() => ssm.reset());

  it('maps the portal token to one stable UUID, as ClientToken requires', () => {
    const token = clientTokenUuid('6f1c1f9e-remediation');
    expect(token).toMatch(UUID);
    expect(clientTokenUuid('6f1c1f9e-remediation')).toBe(token);
    expect(clientTokenUuid('6f1c1f9e-remediation-r1')).not.toBe(token);
  });

  it('starts the document in the finding’s account and region with its declared parameters', async () => {
    const answer = renderRemediation({ controlId: 'S3.5' });
    if (answer.kind !== 'aws-runbook') throw new Error(answer.kind);
    const templateYaml = withDocumentName(
      answer.templateYaml,
      'SecHubRemediation-S3-5-1a2b3c4d',
    );
    ssm
      .on(StartAutomationExecutionCommand)
      .resolves({ AutomationExecutionId: 'exec-1' });
    const { runner: ssmRunner, where } = runner();
    await expect(
      ssmRunner.start({
        clientToken: 'rem-1',
        documentName: 'SecHubRemediation-S3-5-1a2b3c4d',
        // ResourceArn scopes the stack's role; the document does not declare it.
        parameters: {
          BucketName: ['logs'],
          ResourceArn: ['arn:aws:s3:::logs'],
        },
        accountId: '222222222222',
        region: 'eu-west-1',
        templateYaml,
      }),
    ).resolves.toEqual({ executionId: 'exec-1' });
    expect(where).toEqual([{ accountId: '222222222222', region: 'eu-west-1' }]);
    expect(ssm).toHaveReceivedCommandWith(StartAutomationExecutionCommand, {
      DocumentName: 'SecHubRemediation-S3-5-1a2b3c4d',
      Parameters: { BucketName: ['logs'] },
      ClientToken: clientTokenUuid('rem-1'),
    });
  });

  it('says when the deploy did not create the document where it runs', async () => {
    ssm
      .on(StartAutomationExecutionCommand)
      .rejects(awsError('AutomationDefinitionNotFoundException'));
    await expect(
      runner().runner.start({
        clientToken: 'rem-1',
        documentName: 'SecHubRemediation-S3-5-1a2b3c4d',
        parameters: {},
        accountId: '222222222222',
        region: 'eu-west-1',
      }),
    ).rejects.toThrow(
      /SecHubRemediation-S3-5-1a2b3c4d in 222222222222\/eu-west-1 does not exist/,
    );
  });

  it('shows the failed step and its message (a resource deleted before the run)', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        AutomationExecutionStatus: 'Failed',
        FailureMessage: 'Step fails when it is Executing.',
        StepExecutions: [
          {
            StepName: 'RunAwsRunbook',
            Action: 'aws:executeAutomation',
            StepStatus: 'Failed',
            FailureMessage: 'NoSuchBucket: The specified bucket does not exist',
          },
        ],
      },
    });
    const run = await runner().runner.get('exec-1', {
      accountId: '222222222222',
      region: 'eu-west-1',
    });
    expect(run.status).toBe('Failed');
    expect(run.failureMessage).toBe(
      'Step RunAwsRunbook (aws:executeAutomation) failed: NoSuchBucket: The specified bucket does not exist',
    );
    expect(ssm).toHaveReceivedCommandWith(GetAutomationExecutionCommand, {
      AutomationExecutionId: 'exec-1',
    });
  });

  it('reports step outputs and a console link on success', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        AutomationExecutionStatus: 'Success',
        StepExecutions: [
          {
            StepName: 'PutPolicy',
            Action: 'aws:executeAwsApi',
            StepStatus: 'Success',
            Outputs: { Policy: ['{"Version":"2012-10-17"}'] },
          },
        ],
      },
    });
    const run = await runner().runner.get('exec-1', {
      accountId: '222222222222',
      region: 'eu-west-1',
    });
    expect(run).toMatchObject({
      status: 'Success',
      mode: 'aws',
      steps: [
        {
          name: 'PutPolicy',
          action: 'aws:executeAwsApi',
          status: 'Success',
          outputs: { Policy: '{"Version":"2012-10-17"}' },
        },
      ],
    });
    expect(run.note).toBe('1 step, 1 succeeded');
    expect(
      runner().runner.executionUrl('exec-1', {
        accountId: '222222222222',
        region: 'eu-west-1',
      }),
    ).toBe(
      'https://eu-west-1.console.aws.amazon.com/systems-manager/automation/execution/exec-1?region=eu-west-1',
    );
  });

  it.each([
    ['Pending', 'Pending'],
    ['InProgress', 'InProgress'],
    ['Waiting', 'InProgress'],
    ['TimedOut', 'TimedOut'],
    ['Cancelled', 'Cancelled'],
    ['CompletedWithFailure', 'Failed'],
  ])('maps %s to %s', async (aws, status) => {
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: { AutomationExecutionStatus: aws as never },
    });
    const run = await runner().runner.get('exec-1', {
      accountId: '222222222222',
      region: 'eu-west-1',
    });
    expect(run.status).toBe(status);
  });
});
