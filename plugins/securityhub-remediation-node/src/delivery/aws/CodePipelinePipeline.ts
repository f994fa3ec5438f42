import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  PutApprovalResultCommand,
  paginateListPipelineExecutions,
  type ActionState,
  type CodePipelineClient,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import { NotFoundError } from '@backstage/errors';
import {
  StaleApprovalError,
  type ApprovalDecision,
  type PipelineExecution,
  type PipelineStageName,
  type PipelineStageState,
  type PipelineStatus,
  type RemediationPipeline,
} from '../ports';
import { deployPlanOf, type CommitReader } from '../deployPlan';
import { awsCallError, awsErrorCode } from './awsErrors';
import { pipelineExecutionUrl } from './consoleUrls';

const STAGES: PipelineStageName[] = [
  'Source',
  'Validate',
  'Approval',
  'Deploy',
];
/** `PutApprovalResult`'s summary is at most 512 characters. */
const MAX_SUMMARY = 512;
/** CodePipeline fails an approval nobody decided within 7 days. */
const EXPIRED = /expired|timed? ?out/i;

export interface CodePipelinePipelineOptions {
  client: CodePipelineClient;
  region: string;
  pipelineName: string;
  /** The pipeline's stage names, when they differ from Source/Validate/Approval/Deploy. */
  stageNames?: Partial<Record<PipelineStageName, string>>;
  approvalActionName?: string;
  /** The repository the pipeline's source reads, for the deploy plan. */
  repository: CommitReader;
  /** Executions (newest first) searched for a commit. */
  searchLimit?: number;
}

/**
 * {@link RemediationPipeline} on AWS CodePipeline: the execution of a commit
 * is found by its source revision, followed through `GetPipelineExecution`
 * and `GetPipelineState`, and approved with the token the approval action
 * shows. A decision made from the approval email shows up the same way.
 */
export class CodePipelinePipeline implements RemediationPipeline {
  readonly mode = 'aws' as const;
  readonly name: string;
  private readonly client: CodePipelineClient;
  private readonly stageNames: Record<PipelineStageName, string>;
  private readonly approvalActionName: string;

  constructor(private readonly options: CodePipelinePipelineOptions) {
    this.client = options.client;
    this.name = options.pipelineName;
    const names = options.stageNames ?? {};
    this.stageNames = {
      Source: names.Source ?? 'Source',
      Validate: names.Validate ?? 'Validate',
      Approval: names.Approval ?? 'Approval',
      Deploy: names.Deploy ?? 'Deploy',
    };
    this.approvalActionName = options.approvalActionName ?? 'ManualApproval';
  }

  async findExecution(
    commitId: string,
  ): Promise<PipelineExecution | undefined> {
    const limit = this.options.searchLimit ?? 200;
    let searched = 0;
    try {
      for await (const page of paginateListPipelineExecutions(
        { client: this.client, pageSize: 50 },
        { pipelineName: this.name },
      )) {
        // Newest first: a re-run of the same commit wins over the first run.
        for (const summary of page.pipelineExecutionSummaries ?? []) {
          if (
            summary.pipelineExecutionId &&
            summary.sourceRevisions?.some(r => r.revisionId === commitId)
          ) {
            return this.getExecution(summary.pipelineExecutionId);
          }
          if (++searched >= limit) return undefined;
        }
      }
    } catch (error) {
      throw awsCallError(
        error,
        'codepipeline:ListPipelineExecutions',
        `pipeline ${this.name}`,
      );
    }
    return undefined;
  }

  async getExecution(executionId: string): Promise<PipelineExecution> {
    const resource = `pipeline ${this.name}, execution ${executionId}`;
    const [execution, state] = await Promise.all([
      this.client
        .send(
          new GetPipelineExecutionCommand({
            pipelineName: this.name,
            pipelineExecutionId: executionId,
          }),
        )
        .catch(error => {
          if (awsErrorCode(error) === 'PipelineExecutionNotFoundException') {
            throw new NotFoundError(
              `CodePipeline ${this.name} has no execution ${executionId}`,
            );
          }
          throw awsCallError(
            error,
            'codepipeline:GetPipelineExecution',
            resource,
          );
        }),
      this.client
        .send(new GetPipelineStateCommand({ name: this.name }))
        .catch(error => {
          throw awsCallError(error, 'codepipeline:GetPipelineState', resource);
        }),
    ]);
    const details = execution.pipelineExecution;
    const commitId =
      details?.artifactRevisions?.find(r => r.revisionId)?.revisionId ?? '';
    const awsStatus = details?.status ?? 'InProgress';
    const stages = this.stagesOf(
      executionId,
      awsStatus,
      state.stageStates ?? [],
    );
    const status = executionStatus(awsStatus, stages);
    const pipelineExecution: PipelineExecution = {
      id: executionId,
      commitId,
      status,
      stages,
      mode: 'aws',
    };
    if (
      awsStatus === 'Superseded' ||
      awsStatus === 'Stopped' ||
      awsStatus === 'Cancelled'
    ) {
      // A stopped or superseded execution ends where it stood: say so on that stage.
      const open = stages.find(s => s.status !== 'Succeeded');
      if (open) {
        open.status = 'Failed';
        open.error = `The pipeline execution was ${awsStatus.toLowerCase()}${
          details?.statusSummary ? `: ${details.statusSummary}` : ''
        }${
          awsStatus === 'Superseded'
            ? ' (a newer execution took its place; use a QUEUED pipeline so each remediation is approved on its own)'
            : ''
        }`;
      }
    }
    const deploy = stages.find(s => s.name === 'Deploy');
    if (deploy?.status === 'Succeeded' && commitId) {
      deploy.plan = await deployPlanOf(this.options.repository, commitId, {
        applied: true,
        note: `Deployed by CodePipeline ${this.name}${
          deploy.summary ? `: ${deploy.summary}` : ''
        }`,
      });
    }
    return pipelineExecution;
  }

  /**
   * Each stage as this execution saw it. `GetPipelineState` shows only the
   * latest execution of each stage: a stage another execution now holds was
   * passed by this one if a later stage is this one's, and not reached yet
   * otherwise.
   */
  private stagesOf(
    executionId: string,
    awsStatus: string,
    states: StageState[],
  ): PipelineStageState[] {
    const byName = new Map(states.map(s => [s.stageName, s]));
    const own = STAGES.map(name => {
      const state = byName.get(this.stageNames[name]);
      return state?.latestExecution?.pipelineExecutionId === executionId
        ? state
        : undefined;
    });
    const reached = own.reduce(
      (last, state, index) => (state ? index : last),
      -1,
    );
    return STAGES.map((name, index) => {
      const state = own[index];
      if (state) return this.stageOf(name, state);
      const passed = awsStatus === 'Succeeded' || index < reached;
      return { name, status: passed ? 'Succeeded' : 'NotStarted' };
    });
  }

  private stageOf(
    name: PipelineStageName,
    state: StageState,
  ): PipelineStageState {
    const actions = state.actionStates ?? [];
    const failed = actions.find(a => a.latestExecution?.status === 'Failed');
    const action =
      name === 'Approval'
        ? actions.find(a => a.actionName === this.approvalActionName) ??
          actions[0]
        : failed ?? actions[actions.length - 1];
    const latest = action?.latestExecution;
    const stage: PipelineStageState = {
      name,
      status: stageStatus(state.latestExecution?.status),
      ...(latest?.lastStatusChange
        ? { startedAt: latest.lastStatusChange.toISOString() }
        : {}),
      ...(latest?.summary ? { summary: latest.summary } : {}),
    };
    if (latest?.status === 'Failed') {
      stage.status = 'Failed';
      stage.error = errorOf(action);
    }
    if (name === 'Approval') approvalOf(stage, action);
    return stage;
  }

  async decide(decision: ApprovalDecision): Promise<void> {
    const verdict = decision.decision === 'approve' ? 'Approved' : 'Rejected';
    const summary = `${verdict} in the portal by ${decision.by}${
      decision.comment ? `: ${decision.comment}` : ''
    }`.slice(0, MAX_SUMMARY);
    try {
      await this.client.send(
        new PutApprovalResultCommand({
          pipelineName: this.name,
          stageName: this.stageNames.Approval,
          actionName: this.approvalActionName,
          token: decision.token,
          result: { status: verdict, summary },
        }),
      );
    } catch (error) {
      const code = awsErrorCode(error);
      if (
        code === 'InvalidApprovalTokenException' ||
        code === 'ApprovalAlreadyCompletedException'
      ) {
        throw new StaleApprovalError(
          `CodePipeline ${this.name} no longer waits for this approval (${code}): it was decided, expired, or a newer token was issued; reload the remediation`,
        );
      }
      throw awsCallError(
        error,
        'codepipeline:PutApprovalResult',
        `pipeline ${this.name}, execution ${decision.executionId}`,
      );
    }
  }

  executionUrl(executionId: string): string | undefined {
    return pipelineExecutionUrl(this.options.region, this.name, executionId);
  }
}

function stageStatus(status: string | undefined): PipelineStatus {
  switch (status) {
    case 'InProgress':
    case 'Stopping':
      return 'InProgress';
    case 'Succeeded':
    case 'Skipped':
      return 'Succeeded';
    case 'Failed':
    case 'Stopped':
    case 'Cancelled':
      return 'Failed';
    default:
      return 'NotStarted';
  }
}

function errorOf(action: ActionState | undefined): string {
  const latest = action?.latestExecution;
  const detail = latest?.errorDetails?.message ?? latest?.summary ?? 'failed';
  return `${action?.actionName ?? 'action'}: ${detail}`;
}

/** The approval's token while it waits; a human's "no" is a rejection, a timeout is a failure. */
function approvalOf(
  stage: PipelineStageState,
  action: ActionState | undefined,
) {
  const latest = action?.latestExecution;
  if (stage.status === 'InProgress' && latest?.token) {
    stage.approvalToken = latest.token;
  }
  if (stage.status !== 'Failed') return;
  if (latest?.status !== 'Failed') {
    // Abandoned: the execution was stopped or superseded; said on the stage by the caller.
    stage.error = `${action?.actionName ?? 'approval'}: ${
      latest?.status ?? 'not decided'
    }`;
    return;
  }
  const message = latest?.errorDetails?.message ?? '';
  if (EXPIRED.test(message)) {
    stage.error = `The approval expired before anyone decided (CodePipeline fails an approval after 7 days): ${message}`;
    return;
  }
  stage.status = 'Rejected';
  stage.error = undefined;
  stage.summary = latest?.summary ?? message ?? 'Rejected';
  if (latest?.lastUpdatedBy) stage.summary += ` (by ${latest.lastUpdatedBy})`;
}

function executionStatus(
  awsStatus: string,
  stages: PipelineStageState[],
): PipelineStatus {
  if (stages.some(s => s.status === 'Rejected')) return 'Rejected';
  switch (awsStatus) {
    case 'Succeeded':
      return 'Succeeded';
    case 'InProgress':
    case 'Stopping':
      return 'InProgress';
    default:
      return 'Failed';
  }
}
