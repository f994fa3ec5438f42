import {
  CodePipelineClient,
  CodePipelineServiceException,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { StaleApprovalError } from '../ports';
import type { CommitReader } from '../deployPlan';
import { CodePipelinePipeline } from './CodePipelinePipeline';

const COMMIT = 'c'.repeat(40);
const OTHER = 'd'.repeat(40);
const NAME = 'SecHubRemediation-S3-5-1a2b3c4d';
const codePipeline = mockClient(CodePipelineClient);

const TEMPLATE = `Metadata:
  SecurityHubRemediation:
    findingId: "arn:aws:securityhub:eu-west-1:222222222222:finding/1"
    accounts: ["222222222222", "333333333333"]
    regions: ["eu-west-1", "us-east-1"]
    deployment: "stack-set"
Resources: {}
`;
const repository: CommitReader = {
  changedFiles: async () => [
    `deploy/${NAME}.yaml`,
    `deploy/parameters/${NAME}-params.json`,
  ],
  readFile: async (_commit, path) =>
    path.endsWith('.yaml')
      ? TEMPLATE
      : JSON.stringify([
          { ParameterKey: 'BucketName', ParameterValue: 'logs' },
        ]),
};

const pipeline = (
  options: Partial<ConstructorParameters<typeof CodePipelinePipeline>[0]> = {},
) =>
  new CodePipelinePipeline({
    client: new CodePipelineClient({ region: 'eu-west-1' }),
    region: 'eu-west-1',
    pipelineName: 'securityhub-remediation',
    repository,
    ...options,
  });

function awsError(name: string) {
  return new CodePipelineServiceException({
    name,
    message: name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

const at = new Date('2026-12-01T10:00:00Z');
function stage(
  stageName: string,
  executionId: string,
  status: string,
  action: Record<string, unknown> = {},
  actionName = stageName,
): StageState {
  return {
    stageName,
    latestExecution: {
      pipelineExecutionId: executionId,
      status: status as never,
    },
    actionStates: [
      {
        actionName,
        latestExecution: {
          status: status as never,
          lastStatusChange: at,
          ...action,
        },
      },
    ],
  };
}

function state(execution: string, stages: StageState[]) {
  codePipeline.on(GetPipelineStateCommand).resolves({ stageStates: stages });
  codePipeline.on(GetPipelineExecutionCommand).resolves({
    pipelineExecution: {
      pipelineExecutionId: execution,
      status: 'InProgress',
      artifactRevisions: [{ name: 'Templates', revisionId: COMMIT }],
    },
  });
}

describe('CodePipelinePipeline', () => {
  beforeEach(() => codePipeline.reset());

  it('finds the execution whose source revision is the commit, across pages', async () => {
    codePipeline
      .on(ListPipelineExecutionsCommand)
      .resolvesOnce({
        pipelineExecutionSummaries: [
          {
            pipelineExecutionId: 'e-3',
            sourceRevisions: [{ actionName: 'Source', revisionId: OTHER }],
          },
        ],
        nextToken: 'next',
      })
      .resolves({
        pipelineExecutionSummaries: [
          {
            pipelineExecutionId: 'e-2',
            sourceRevisions: [{ actionName: 'Source', revisionId: COMMIT }],
          },
        ],
      });
    state('e-2', [
      stage('Source', 'e-2', 'Succeeded'),
      stage('Validate', 'e-2', 'InProgress'),
    ]);
    const execution = await pipeline().findExecution(COMMIT);
    expect(execution).toMatchObject({
      id: 'e-2',
      commitId: COMMIT,
      mode: 'aws',
    });
    expect(codePipeline).toHaveReceivedCommandWith(
      ListPipelineExecutionsCommand,
      {
        pipelineName: 'securityhub-remediation',
        nextToken: 'next',
      },
    );
    expect(codePipeline).toHaveReceivedCommandWith(
      GetPipelineExecutionCommand,
      {
        pipelineName: 'securityhub-remediation',
        pipelineExecutionId: 'e-2',
      },
    );
  });

  it('answers undefined while no execution holds the commit yet', async () => {
    codePipeline.on(ListPipelineExecutionsCommand).resolves({
      pipelineExecutionSummaries: [
        {
          pipelineExecutionId: 'e-1',
          sourceRevisions: [{ actionName: 'Source', revisionId: OTHER }],
        },
      ],
    });
    await expect(pipeline().findExecution(COMMIT)).resolves.toBeUndefined();
  });

  it('shows the waiting approval with its token; stages another execution now holds were passed', async () => {
    state('e-1', [
      stage('Source', 'e-9', 'InProgress'),
      stage('Validate', 'e-9', 'InProgress'),
      stage(
        'Approval',
        'e-1',
        'InProgress',
        { token: 'token-1' },
        'ManualApproval',
      ),
      stage('Deploy', 'e-0', 'Succeeded'),
    ]);
    const execution = await pipeline().getExecution('e-1');
    expect(execution.status).toBe('InProgress');
    expect(execution.stages.map(s => [s.name, s.status])).toEqual([
      ['Source', 'Succeeded'],
      ['Validate', 'Succeeded'],
      ['Approval', 'InProgress'],
      ['Deploy', 'NotStarted'],
    ]);
    expect(execution.stages[2].approvalToken).toBe('token-1');
  });

  it('approves with the token, the approver and the comment', async () => {
    codePipeline.on(PutApprovalResultCommand).resolves({ approvedAt: at });
    await pipeline().decide({
      executionId: 'e-1',
      token: 'token-1',
      decision: 'approve',
      comment: 'Looks right',
      by: 'user:default/dana.ops',
    });
    expect(codePipeline).toHaveReceivedCommandWith(PutApprovalResultCommand, {
      pipelineName: 'securityhub-remediation',
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: 'token-1',
      result: {
        status: 'Approved',
        summary: 'Approved in the portal by user:default/dana.ops: Looks right',
      },
    });
  });

  it.each([
    'InvalidApprovalTokenException',
    'ApprovalAlreadyCompletedException',
  ])('turns %s into a stale approval', async code => {
    codePipeline.on(PutApprovalResultCommand).rejects(awsError(code));
    await expect(
      pipeline().decide({
        executionId: 'e-1',
        token: 'old',
        decision: 'reject',
        comment: '',
        by: 'user:default/dana.ops',
      }),
    ).rejects.toBeInstanceOf(StaleApprovalError);
  });

  it('reads a rejection made from the approval email', async () => {
    state('e-1', [
      stage('Source', 'e-1', 'Succeeded'),
      stage('Validate', 'e-1', 'Succeeded'),
      stage(
        'Approval',
        'e-1',
        'Failed',
        {
          summary: 'Not this week',
          lastUpdatedBy: 'arn:aws:iam::111111111111:user/lee',
        },
        'ManualApproval',
      ),
    ]);
    const execution = await pipeline().getExecution('e-1');
    expect(execution.status).toBe('Rejected');
    expect(execution.stages[2]).toMatchObject({
      status: 'Rejected',
      summary: 'Not this week (by arn:aws:iam::111111111111:user/lee)',
    });
  });

  it('tells an expired approval from a rejection', async () => {
    state('e-1', [
      stage(
        'Approval',
        'e-1',
        'Failed',
        {
          errorDetails: {
            code: 'JobFailed',
            message: 'The approval request expired',
          },
        },
        'ManualApproval',
      ),
    ]);
    const execution = await pipeline().getExecution('e-1');
    expect(execution.stages[2]).toMatchObject({ status: 'Failed' });
    expect(execution.stages[2].error).toMatch(/approval expired/);
  });

  it('fails the stage a superseded execution stood at', async () => {
    codePipeline.on(GetPipelineStateCommand).resolves({
      stageStates: [
        stage('Source', 'e-1', 'Succeeded'),
        stage('Validate', 'e-1', 'Succeeded'),
      ],
    });
    codePipeline.on(GetPipelineExecutionCommand).resolves({
      pipelineExecution: {
        status: 'Superseded',
        artifactRevisions: [{ revisionId: COMMIT }],
      },
    });
    const execution = await pipeline().getExecution('e-1');
    expect(execution.status).toBe('Failed');
    expect(execution.stages[2]).toMatchObject({
      name: 'Approval',
      status: 'Failed',
    });
    expect(execution.stages[2].error).toMatch(/superseded.*QUEUED/);
  });

  it('reports the deploy as applied, with the targets and parameters of the commit', async () => {
    codePipeline.on(GetPipelineStateCommand).resolves({
      stageStates: [
        stage('Deploy', 'e-1', 'Succeeded', { summary: 'StackSet op-1' }),
      ],
    });
    codePipeline.on(GetPipelineExecutionCommand).resolves({
      pipelineExecution: {
        status: 'Succeeded',
        artifactRevisions: [{ revisionId: COMMIT }],
      },
    });
    const execution = await pipeline().getExecution('e-1');
    expect(execution.status).toBe('Succeeded');
    expect(execution.stages.find(s => s.name === 'Deploy')?.plan).toEqual({
      deployment: 'stack-set',
      stackName: NAME,
      accounts: ['222222222222', '333333333333'],
      regions: ['eu-west-1', 'us-east-1'],
      parameters: { BucketName: 'logs' },
      applied: true,
      note: 'Deployed by CodePipeline securityhub-remediation: StackSet op-1',
    });
  });

  it('follows a pipeline whose stages have other names', async () => {
    state('e-1', [
      stage('Review', 'e-1', 'InProgress', { token: 't' }, 'Approve'),
    ]);
    const custom = pipeline({
      stageNames: { Approval: 'Review' },
      approvalActionName: 'Approve',
    });
    const execution = await custom.getExecution('e-1');
    expect(execution.stages[2]).toMatchObject({
      status: 'InProgress',
      approvalToken: 't',
    });
  });

  it('names an execution that does not exist', async () => {
    codePipeline.on(GetPipelineStateCommand).resolves({ stageStates: [] });
    codePipeline
      .on(GetPipelineExecutionCommand)
      .rejects(awsError('PipelineExecutionNotFoundException'));
    await expect(pipeline().getExecution('e-404')).rejects.toThrow(
      /CodePipeline securityhub-remediation has no execution e-404/,
    );
  });
});
