import {
  CreateCommitCommand,
  GetBranchCommand,
} from '@aws-sdk/client-codecommit';
import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  paginateListPipelineExecutions,
  PutApprovalResultCommand,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import { startFakeAws, waitUntil, type FakeAws } from '.';
import { sdkClientsFor, type FakeAwsClients } from './sdkClients';

const PORTAL = 'arn:aws:sts::111111111111:assumed-role/portal/session';
let fake: FakeAws;
let aws: FakeAwsClients;
let pipelineCount = 0;

beforeAll(async () => {
  fake = await startFakeAws({
    accounts: {
      AKIDTOOLS: { accountId: '111111111111', principalArn: PORTAL },
    },
  });
  aws = sdkClientsFor(fake.endpoint, {
    accessKeyId: 'AKIDTOOLS',
    region: 'us-east-1',
  });
});

afterAll(async () => {
  aws.destroy();
  await fake.close();
});

/** A fresh repository and pipeline per test, fast stages. */
function newPipeline(
  overrides: Partial<
    Parameters<FakeAws['codePipeline']['createPipeline']>[0]
  > = {},
) {
  pipelineCount += 1;
  const names = {
    repositoryName: `repo-${pipelineCount}`,
    name: `pipeline-${pipelineCount}`,
  };
  fake.codeCommit.createBranch(names.repositoryName, 'main', {
    'README.md': 'start\n',
  });
  fake.codePipeline.createPipeline({
    ...names,
    branchName: 'main',
    sourceMs: 5,
    validateMs: 5,
    deployMs: 5,
    ...overrides,
  });
  return names;
}

async function commit(
  repositoryName: string,
  files: Record<string, string>,
  message = 'change',
) {
  const { branch } = await aws.codeCommit.send(
    new GetBranchCommand({ repositoryName, branchName: 'main' }),
  );
  const result = await aws.codeCommit.send(
    new CreateCommitCommand({
      repositoryName,
      branchName: 'main',
      parentCommitId: branch!.commitId,
      authorName: 'portal',
      email: 'portal@example.com',
      commitMessage: message,
      putFiles: Object.entries(files).map(([filePath, text]) => ({
        filePath,
        fileContent: Buffer.from(text),
      })),
    }),
  );
  return result.commitId!;
}

async function stage(
  pipelineName: string,
  stageName: string,
): Promise<StageState> {
  const state = await aws.codePipeline.send(
    new GetPipelineStateCommand({ name: pipelineName }),
  );
  return state.stageStates!.find(s => s.stageName === stageName)!;
}

/** The approval token once `executionId` waits in the Approval stage. */
function approvalToken(
  pipelineName: string,
  executionId: string,
): Promise<string> {
  return waitUntil(
    async () => {
      const approval = await stage(pipelineName, 'Approval');
      const latest = approval.actionStates![0].latestExecution;
      return approval.latestExecution?.pipelineExecutionId === executionId &&
        latest?.status === 'InProgress'
        ? latest.token
        : undefined;
    },
    { what: `the approval of ${executionId}` },
  );
}

async function executionStatus(
  pipelineName: string,
  pipelineExecutionId: string,
) {
  const { pipelineExecution } = await aws.codePipeline.send(
    new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }),
  );
  return pipelineExecution!;
}

const executionOf = (pipelineName: string, commitId: string) =>
  waitUntil(
    () =>
      fake.codePipeline
        .executions(pipelineName)
        .find(r => r.commit.commitId === commitId)?.pipelineExecutionId,
  );

describe('the fake CodeCommit and CodePipeline, through the real SDK clients', () => {
  it('starts an execution for a commit, approves it with its token and deploys', async () => {
    const deployed: string[] = [];
    const { name, repositoryName } = newPipeline({
      deploy: async (files, c) => {
        deployed.push(`${c.commitId}:${files['deploy/fix.yaml']}`);
        return { summary: 'Stack updated', externalExecutionId: 'stack-1' };
      },
    });
    const commitId = await commit(
      repositoryName,
      { 'deploy/fix.yaml': 'v1' },
      'Fix the bucket',
    );

    const { pipelineExecutionSummaries } = await aws.codePipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: name }),
    );
    expect(pipelineExecutionSummaries).toHaveLength(1);
    const [summary] = pipelineExecutionSummaries!;
    expect(summary).toMatchObject({
      status: 'InProgress',
      executionMode: 'QUEUED',
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: commitId,
          revisionSummary: 'Fix the bucket',
        },
      ],
    });
    expect(summary.startTime).toBeInstanceOf(Date);

    const token = await approvalToken(name, summary.pipelineExecutionId!);
    const approved = await aws.codePipeline.send(
      new PutApprovalResultCommand({
        pipelineName: name,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token,
        result: { status: 'Approved', summary: 'Looks right' },
      }),
    );
    expect(approved.approvedAt).toBeInstanceOf(Date);

    await waitUntil(
      async () =>
        (await executionStatus(name, summary.pipelineExecutionId!)).status ===
        'Succeeded',
    );
    expect(deployed).toEqual([`${commitId}:v1`]);
    const execution = await executionStatus(name, summary.pipelineExecutionId!);
    expect(execution.artifactRevisions![0].revisionId).toBe(commitId);
    const approval = (await stage(name, 'Approval')).actionStates![0]
      .latestExecution!;
    expect(approval).toMatchObject({
      status: 'Succeeded',
      summary: 'Looks right',
      lastUpdatedBy: PORTAL,
    });
    const deploy = (await stage(name, 'Deploy')).actionStates![0]
      .latestExecution!;
    expect(deploy).toMatchObject({
      status: 'Succeeded',
      summary: 'Stack updated',
      externalExecutionId: 'stack-1',
    });
  });

  it('queues a second execution at the approval stage until the first leaves it', async () => {
    const { name, repositoryName } = newPipeline();
    const first = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': '1' }),
    );
    const second = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': '2' }),
    );
    const firstToken = await approvalToken(name, first);

    const approvalStage = await waitUntil(async () => {
      const s = await stage(name, 'Approval');
      return s.inboundExecutions?.length ? s : undefined;
    });
    expect(approvalStage.latestExecution!.pipelineExecutionId).toBe(first);
    expect(
      approvalStage.inboundExecutions!.map(e => e.pipelineExecutionId),
    ).toEqual([second]);
    expect((await executionStatus(name, second)).status).toBe('InProgress');

    const approve = (token: string) =>
      aws.codePipeline.send(
        new PutApprovalResultCommand({
          pipelineName: name,
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token,
          result: { status: 'Approved', summary: 'ok' },
        }),
      );
    await approve(firstToken);
    const secondToken = await approvalToken(name, second);
    expect(secondToken).not.toBe(firstToken);
    // The first token belongs to an approval no longer shown: invalid, as in AWS.
    await expect(approve(firstToken)).rejects.toMatchObject({
      name: 'InvalidApprovalTokenException',
    });
    await approve(secondToken);
    await expect(approve(secondToken)).rejects.toMatchObject({
      name: 'ApprovalAlreadyCompletedException',
    });
    await waitUntil(
      async () => (await executionStatus(name, second)).status === 'Succeeded',
    );
    expect((await executionStatus(name, first)).status).toBe('Succeeded');
  });

  it('fails the execution when the approval is rejected, and never deploys it', async () => {
    const deploy = jest.fn(async () => undefined);
    const { name, repositoryName } = newPipeline({ deploy });
    const id = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': 'x' }),
    );
    const token = await approvalToken(name, id);
    await aws.codePipeline.send(
      new PutApprovalResultCommand({
        pipelineName: name,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token,
        result: { status: 'Rejected', summary: 'Wrong bucket' },
      }),
    );
    expect((await executionStatus(name, id)).status).toBe('Failed');
    const approval = (await stage(name, 'Approval')).actionStates![0]
      .latestExecution!;
    expect(approval).toMatchObject({
      status: 'Failed',
      summary: 'Wrong bucket',
      lastUpdatedBy: PORTAL,
    });
    expect((await stage(name, 'Deploy')).latestExecution).toBeUndefined();
    expect(deploy).not.toHaveBeenCalled();
  });

  it('answers the AWS errors of a wrong token, stage or action', async () => {
    const { name, repositoryName } = newPipeline();
    const id = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': 'x' }),
    );
    await approvalToken(name, id);
    const put = (over: object) =>
      aws.codePipeline.send(
        new PutApprovalResultCommand({
          pipelineName: name,
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token: '00000000-0000-0000-0000-000000000000',
          result: { status: 'Approved', summary: 'ok' },
          ...over,
        }),
      );
    await expect(put({})).rejects.toMatchObject({
      name: 'InvalidApprovalTokenException',
    });
    await expect(put({ stageName: 'Nope' })).rejects.toMatchObject({
      name: 'StageNotFoundException',
    });
    await expect(put({ actionName: 'Nope' })).rejects.toMatchObject({
      name: 'ActionNotFoundException',
    });
    await expect(put({ pipelineName: 'nope' })).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
    });
    await expect(
      aws.codePipeline.send(
        new GetPipelineExecutionCommand({
          pipelineName: name,
          pipelineExecutionId: 'nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineExecutionNotFoundException' });
    expect((await executionStatus(name, id)).status).toBe('InProgress');
  });

  it('fails Validate with the hook message, and applies the expiry, outside approval and supersede hooks', async () => {
    const { name, repositoryName } = newPipeline({
      validate: files =>
        files['a.yaml'] === 'bad'
          ? 'cfn-lint: E3001 invalid resource'
          : undefined,
    });
    const invalid = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': 'bad' }),
    );
    await waitUntil(
      async () => (await executionStatus(name, invalid)).status === 'Failed',
    );
    expect(
      (await stage(name, 'Validate')).actionStates![0].latestExecution,
    ).toMatchObject({
      status: 'Failed',
      errorDetails: {
        code: 'JobFailed',
        message: 'cfn-lint: E3001 invalid resource',
      },
    });

    const expiring = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': 'ok-1' }),
    );
    await approvalToken(name, expiring);
    fake.codePipeline.expireApproval(expiring);
    expect((await executionStatus(name, expiring)).status).toBe('Failed');

    const byEmail = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': 'ok-2' }),
    );
    await approvalToken(name, byEmail);
    fake.codePipeline.approveOutsideThePortal(
      byEmail,
      'Approved from the email link',
      'arn:aws:iam::111111111111:user/alice',
    );
    expect(
      (await stage(name, 'Approval')).actionStates![0].latestExecution,
    ).toMatchObject({
      status: 'Succeeded',
      lastUpdatedBy: 'arn:aws:iam::111111111111:user/alice',
    });

    const superseded = await executionOf(
      name,
      await commit(repositoryName, { 'a.yaml': 'ok-3' }),
    );
    fake.codePipeline.supersede(superseded);
    expect((await executionStatus(name, superseded)).status).toBe('Superseded');
  });

  it('pages ListPipelineExecutions newest first', async () => {
    const { name, repositoryName } = newPipeline();
    const commits: string[] = [];
    for (let i = 0; i < 5; i++)
      commits.push(await commit(repositoryName, { 'a.yaml': `v${i}` }));
    const pages: string[][] = [];
    for await (const page of paginateListPipelineExecutions(
      { client: aws.codePipeline, pageSize: 2 },
      { pipelineName: name },
    )) {
      pages.push(
        page.pipelineExecutionSummaries!.map(
          s => s.sourceRevisions![0].revisionId!,
        ),
      );
    }
    expect(pages.map(p => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...commits].reverse());
  });
});
