import {
  CreateCommitCommand,
  GetBranchCommand,
} from '@aws-sdk/client-codecommit';
import { PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import {
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  paginateGetFindings,
} from '@aws-sdk/client-securityhub';
import {
  GetAutomationExecutionCommand,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { startFakeAws, waitUntil, type AsffFinding, type FakeAws } from '.';
import { sdkClientsFor, type FakeAwsClients } from './sdkClients';

const TOOLS = '111111111111';
const MEMBER = '222222222222';
const PRODUCT_ARN = 'arn:aws:securityhub:us-west-2::product/aws/securityhub';

function finding(id: string, accountId: string, bucket: string): AsffFinding {
  return {
    Id: id,
    ProductArn: PRODUCT_ARN,
    AwsAccountId: accountId,
    Region: 'us-west-2',
    UpdatedAt: '2026-01-01T00:00:00.000Z',
    Resources: [{ Id: `arn:aws:s3:::${bucket}`, Type: 'AwsS3Bucket' }],
    Compliance: { Status: 'FAILED', SecurityControlId: 'S3.5' },
    Workflow: { Status: 'NEW' },
  };
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  SecurityHubRemediation:
    findingId: "f-1"
    accounts: ["${MEMBER}"]
    regions: ["us-west-2"]
    deployment: "stack"
Resources:
  Runbook:
    Type: AWS::SSM::Document
    Properties:
      Name: Remediate-S3-5
      DocumentType: Automation
      Content:
        schemaVersion: '0.3'
        mainSteps:
          - name: RequireTls
            action: aws:executeScript
          - name: Verify
            action: aws:assertAwsResourceProperty
`;

let fake: FakeAws;
let tools: FakeAwsClients;
let member: FakeAwsClients;

beforeAll(async () => {
  fake = await startFakeAws({
    accounts: {
      AKIDTOOLS: { accountId: TOOLS },
      AKIDMEMBER: { accountId: MEMBER },
    },
    findings: [
      finding('f-1', MEMBER, 'logs-bucket'),
      finding('f-2', MEMBER, 'other-bucket'),
      finding('f-3', TOOLS, 'tools-bucket'),
    ],
    automationMs: 10,
    reevaluateMs: 10,
  });
  tools = sdkClientsFor(fake.endpoint, {
    accessKeyId: 'AKIDTOOLS',
    region: 'us-east-1',
  });
  member = sdkClientsFor(fake.endpoint, {
    accessKeyId: 'AKIDMEMBER',
    region: 'us-west-2',
    maxAttempts: 5,
  });
});

afterAll(async () => {
  tools.destroy();
  member.destroy();
  await fake.close();
});

const start = (
  clients: FakeAwsClients,
  input: {
    DocumentName: string;
    Parameters?: Record<string, string[]>;
    ClientToken?: string;
  },
) => clients.ssm.send(new StartAutomationExecutionCommand(input));
const automation = async (
  clients: FakeAwsClients,
  AutomationExecutionId: string,
) =>
  (
    await clients.ssm.send(
      new GetAutomationExecutionCommand({ AutomationExecutionId }),
    )
  ).AutomationExecution!;

describe('the fake SSM Automation and Security Hub, through the real SDK clients', () => {
  it('runs a document deployed through the pipeline, in the manifest account and region, and the finding passes', async () => {
    fake.codeCommit.createBranch('templates', 'main', { 'README.md': 'x' });
    fake.codePipeline.createPipeline({
      name: 'deploy',
      repositoryName: 'templates',
      branchName: 'main',
      sourceMs: 5,
      validateMs: 5,
      deployMs: 5,
    });
    await expect(
      start(member, { DocumentName: 'Remediate-S3-5' }),
    ).rejects.toMatchObject({
      name: 'AutomationDefinitionNotFoundException',
    });
    const { branch } = await tools.codeCommit.send(
      new GetBranchCommand({ repositoryName: 'templates', branchName: 'main' }),
    );
    await tools.codeCommit.send(
      new CreateCommitCommand({
        repositoryName: 'templates',
        branchName: 'main',
        parentCommitId: branch!.commitId,
        putFiles: [
          { filePath: 'deploy/s3-5.yaml', fileContent: Buffer.from(TEMPLATE) },
        ],
      }),
    );
    const [run] = fake.codePipeline.executions('deploy');
    const token = await waitUntil(() => run.actions[2]?.token);
    await tools.codePipeline.send(
      new PutApprovalResultCommand({
        pipelineName: 'deploy',
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token,
        result: { status: 'Approved', summary: 'ok' },
      }),
    );
    await waitUntil(() => run.status === 'Succeeded');

    // Deployed to the member account in us-west-2 only.
    await expect(
      start(tools, { DocumentName: 'Remediate-S3-5' }),
    ).rejects.toMatchObject({
      name: 'AutomationDefinitionNotFoundException',
    });
    const { AutomationExecutionId } = await start(member, {
      DocumentName: 'Remediate-S3-5',
      Parameters: { BucketName: ['logs-bucket'] },
    });
    const done = await waitUntil(async () => {
      const execution = await automation(member, AutomationExecutionId!);
      return execution.AutomationExecutionStatus === 'Success'
        ? execution
        : undefined;
    });
    expect(done.StepExecutions!.map(s => [s.StepName, s.StepStatus])).toEqual([
      ['RequireTls', 'Success'],
      ['Verify', 'Success'],
    ]);
    expect(done.ExecutionEndTime).toBeInstanceOf(Date);
    // Another account cannot see the execution.
    await expect(
      automation(tools, AutomationExecutionId!),
    ).rejects.toMatchObject({
      name: 'AutomationExecutionNotFoundException',
    });
    await waitUntil(
      () => fake.securityHub.finding('f-1')!.Compliance!.Status === 'PASSED',
    );
    expect(fake.securityHub.finding('f-1')!.Workflow!.Status).toBe('RESOLVED');
    expect(fake.securityHub.finding('f-2')!.Compliance!.Status).toBe('FAILED');
  });

  it('is idempotent by ClientToken and enforces the UUID format', async () => {
    fake.ssm.registerDocument({
      accessKeyId: 'AKIDMEMBER',
      region: 'us-west-2',
      name: 'Doc-A',
    });
    const input = {
      DocumentName: 'Doc-A',
      Parameters: { BucketName: ['b'] },
      ClientToken: 'b9e0a6a4-3b51-4c3e-9a0e-6a1f6c3f1a11',
    };
    const first = await start(member, input);
    const again = await start(member, input);
    expect(again.AutomationExecutionId).toBe(first.AutomationExecutionId);
    await expect(
      start(member, { ...input, Parameters: { BucketName: ['c'] } }),
    ).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
    await expect(
      start(member, { ...input, ClientToken: 'remediation-f-1' }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(
      fake.ssm.automationRuns().filter(r => r.documentName === 'Doc-A'),
    ).toHaveLength(1);
  });

  it('fails the next run at the step the failure hook names', async () => {
    fake.ssm.registerDocument({
      accessKeyId: 'AKIDMEMBER',
      region: 'us-west-2',
      name: 'Doc-B',
      steps: [
        { name: 'Check', action: 'aws:executeAwsApi' },
        { name: 'Fix', action: 'aws:executeScript' },
        { name: 'Verify', action: 'aws:executeScript' },
      ],
    });
    fake.ssm.failAutomation('Doc-B', {
      stepName: 'Fix',
      message: 'The specified bucket does not exist',
    });
    const { AutomationExecutionId } = await start(member, {
      DocumentName: 'Doc-B',
      Parameters: { BucketName: ['other-bucket'] },
    });
    const failed = await waitUntil(async () => {
      const execution = await automation(member, AutomationExecutionId!);
      return execution.AutomationExecutionStatus === 'Failed'
        ? execution
        : undefined;
    });
    expect(failed.FailureMessage).toContain(
      'The specified bucket does not exist',
    );
    expect(failed.StepExecutions!.map(s => [s.StepName, s.StepStatus])).toEqual(
      [
        ['Check', 'Success'],
        ['Fix', 'Failed'],
      ],
    );
    expect(fake.securityHub.finding('f-2')!.Compliance!.Status).toBe('FAILED');
  });

  it('filters and pages GetFindings, and records BatchUpdateFindings', async () => {
    const byId = await member.securityHub.send(
      new GetFindingsCommand({
        Filters: { Id: [{ Value: 'f-2', Comparison: 'EQUALS' }] },
      }),
    );
    expect(byId.Findings!.map(f => f.Id)).toEqual(['f-2']);
    const ids: string[] = [];
    for await (const page of paginateGetFindings(
      { client: member.securityHub, pageSize: 1 },
      { Filters: { AwsAccountId: [{ Value: MEMBER, Comparison: 'EQUALS' }] } },
    )) {
      expect(page.Findings!.length).toBeLessThanOrEqual(1);
      ids.push(...page.Findings!.map(f => f.Id!));
    }
    expect(ids).toEqual(['f-1', 'f-2']);

    const updated = await member.securityHub.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [
          { Id: 'f-2', ProductArn: PRODUCT_ARN },
          { Id: 'missing', ProductArn: PRODUCT_ARN },
        ],
        Note: { Text: 'Remediation approved', UpdatedBy: 'portal' },
        Workflow: { Status: 'NOTIFIED' },
      }),
    );
    expect(updated.ProcessedFindings).toEqual([
      { Id: 'f-2', ProductArn: PRODUCT_ARN },
    ]);
    expect(updated.UnprocessedFindings).toEqual([
      {
        FindingIdentifier: { Id: 'missing', ProductArn: PRODUCT_ARN },
        ErrorCode: 'FindingNotFound',
        ErrorMessage: 'Finding Not Found',
      },
    ]);
    const f2 = fake.securityHub.finding('f-2')!;
    expect(f2.Note).toMatchObject({
      Text: 'Remediation approved',
      UpdatedBy: 'portal',
    });
    expect(f2.Workflow!.Status).toBe('NOTIFIED');
    expect(f2.UpdatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(fake.securityHub.batchUpdates.at(-1)).toMatchObject({
      accountId: MEMBER,
      region: 'us-west-2',
      unprocessed: ['missing'],
    });
  });
});

describe('the fake AWS front door', () => {
  it('throttles over the quota, and the SDK retries until it is served', async () => {
    fake.faults.throttle = {
      service: 'securityhub',
      operation: 'GetFindings',
      requestsPerSecond: 20,
      burst: 1,
    };
    try {
      const before = fake.stats.throttled;
      const answers = await Promise.all(
        [1, 2, 3].map(() =>
          member.securityHub.send(new GetFindingsCommand({ MaxResults: 1 })),
        ),
      );
      expect(answers.every(a => a.Findings!.length === 1)).toBe(true);
      expect(fake.stats.throttled).toBeGreaterThan(before);
      expect(
        fake
          .requestsOf('securityhub', 'GetFindings')
          .some(r => r.errorCode === 'TooManyRequestsException'),
      ).toBe(true);
    } finally {
      fake.faults.throttle = undefined;
    }
  });

  it('injects faults with the AWS error shape, and logs who called where', async () => {
    const denied =
      'User: arn:aws:sts::111111111111:assumed-role/portal/session is not authorized to perform: codecommit:CreateCommit on resource: arn:aws:codecommit:us-east-1:111111111111:remediation-templates because no identity-based policy allows the codecommit:CreateCommit action';
    let internalFailures = 1;
    fake.faults.inject = request => {
      if (request.operation === 'CreateCommit')
        return { status: 400, code: 'AccessDeniedException', message: denied };
      if (request.operation === 'GetBranch' && internalFailures-- > 0) {
        return {
          status: 500,
          code: 'InternalFailure',
          message: 'Internal failure',
        };
      }
      return undefined;
    };
    try {
      await expect(
        tools.codeCommit.send(
          new CreateCommitCommand({
            repositoryName: 'templates',
            branchName: 'main',
          }),
        ),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: denied,
      });
      // The 500 is retried by the SDK (maxAttempts 2) and the second attempt succeeds.
      const { branch } = await tools.codeCommit.send(
        new GetBranchCommand({
          repositoryName: 'templates',
          branchName: 'main',
        }),
      );
      expect(branch!.commitId).toBeDefined();
    } finally {
      fake.faults.inject = undefined;
    }
    expect(fake.stats.injected).toBe(2);
    const getBranch = fake.requestsOf('codecommit', 'GetBranch').slice(-2);
    expect(getBranch.map(r => r.status)).toEqual([500, 200]);
    expect(getBranch[1]).toMatchObject({
      region: 'us-east-1',
      accessKeyId: 'AKIDTOOLS',
      accountId: TOOLS,
      input: { repositoryName: 'templates', branchName: 'main' },
    });
    const starts = fake.requestsOf('ssm', 'StartAutomationExecution');
    expect(starts.length).toBeGreaterThan(0);
    expect(
      starts
        .filter(r => r.status === 200)
        .every(r => r.accessKeyId === 'AKIDMEMBER' && r.region === 'us-west-2'),
    ).toBe(true);
  });
});
