import { randomUUID } from 'node:crypto';
import { AwsError, requireString } from './awsError';
import type { Clock } from './clock';
import type { FakeCodeCommit, FakeCommit } from './codeCommit';
import {
  QueuedPipeline,
  STAGE_KINDS,
  type PipelineRun,
  type StageKind,
} from './queuedPipeline';
import {
  decodeToken,
  encodeToken,
  epochSeconds,
  executionDetail,
  executionSummary,
  invalidToken,
  pipelineState,
} from './pipelineWire';
import type { ServiceOperations } from './server';

/** Answers an error message to fail the Validate action, undefined to pass. */
export type ValidateHook = (
  files: Record<string, string>,
  commit: FakeCommit,
) => string | undefined | Promise<string | undefined>;

/** What a deploy reports: an error message, or how it went. */
export type DeployOutcome =
  | undefined
  | string
  | { error?: string; summary?: string; externalExecutionId?: string };

export type DeployHook = (
  files: Record<string, string>,
  commit: FakeCommit,
) => Promise<DeployOutcome>;

export interface PipelineDefinition {
  name: string;
  /** The CodeCommit repository and branch whose every new commit starts an execution. */
  repositoryName: string;
  branchName: string;
  /** Stage names; defaults Source, Validate, Approval, Deploy. */
  stageNames?: Partial<Record<StageKind, string>>;
  /** Action names; defaults Source, Validate, ManualApproval, Deploy. */
  actionNames?: Partial<Record<StageKind, string>>;
  /** How long each automated action runs (default 50 ms each). */
  sourceMs?: number;
  validateMs?: number;
  deployMs?: number;
  validate?: ValidateHook;
  deploy?: DeployHook;
  /** Region of the pipeline, used in revision URLs (default us-east-1). */
  region?: string;
}

const DEFAULT_STAGE_NAMES: Record<StageKind, string> = {
  source: 'Source',
  validate: 'Validate',
  approval: 'Approval',
  deploy: 'Deploy',
};
const DEFAULT_ACTION_NAMES: Record<StageKind, string> = {
  source: 'Source',
  validate: 'Validate',
  approval: 'ManualApproval',
  deploy: 'Deploy',
};
/** The message of an approval nobody answered within seven days. */
export const APPROVAL_EXPIRED_MESSAGE =
  'The approval request expired: no response was received within 7 days.';

interface PipelineEntry {
  definition: PipelineDefinition;
  engine: QueuedPipeline;
  created: Date;
}

/** CodePipeline (awsJson1_1, `CodePipeline_20150709`): V2 pipelines in QUEUED mode. */
export class FakeCodePipeline {
  private readonly pipelines = new Map<string, PipelineEntry>();

  constructor(
    private readonly clock: Clock,
    private readonly codeCommit: FakeCodeCommit,
    private readonly defaults: { validate?: ValidateHook; deploy: DeployHook },
  ) {
    codeCommit.onCommit((repositoryName, branchName, commit) => {
      for (const { definition, engine } of this.pipelines.values()) {
        if (
          definition.repositoryName === repositoryName &&
          definition.branchName === branchName
        ) {
          engine.start(commit);
        }
      }
    });
  }

  /** Creates a pipeline watching its repository branch (created empty if missing). */
  createPipeline(definition: PipelineDefinition): void {
    this.codeCommit.createBranch(
      definition.repositoryName,
      definition.branchName,
    );
    const stages = STAGE_KINDS.map(kind => ({
      kind,
      stageName: definition.stageNames?.[kind] ?? DEFAULT_STAGE_NAMES[kind],
      actionName: definition.actionNames?.[kind] ?? DEFAULT_ACTION_NAMES[kind],
      inbound: [],
    }));
    const engine = new QueuedPipeline(
      definition.name,
      stages,
      this.clock,
      (run, index) => this.work(definition, engine, run, index),
    );
    this.pipelines.set(definition.name, {
      definition,
      engine,
      created: this.clock.now(),
    });
  }

  /** Executions of a pipeline, oldest first. */
  executions(pipelineName: string): readonly PipelineRun[] {
    return this.entry(pipelineName).engine.executions;
  }

  execution(pipelineExecutionId: string): PipelineRun | undefined {
    return this.find(pipelineExecutionId)?.run;
  }

  /** Approves the execution's pending approval as the console's approval link would. */
  approveOutsideThePortal(
    pipelineExecutionId: string,
    summary: string,
    by: string,
  ): void {
    this.answerApproval(pipelineExecutionId, {
      status: 'Succeeded',
      summary,
      lastUpdatedBy: by,
    });
  }

  /** Ends the pending approval as AWS does after seven days without an answer. */
  expireApproval(pipelineExecutionId: string): void {
    this.answerApproval(pipelineExecutionId, {
      status: 'Failed',
      errorDetails: { code: 'JobFailed', message: APPROVAL_EXPIRED_MESSAGE },
    });
  }

  supersede(pipelineExecutionId: string): void {
    const found = this.find(pipelineExecutionId);
    if (!found) throw new Error(`No execution ${pipelineExecutionId}`);
    found.engine.supersede(found.run);
  }

  readonly operations: ServiceOperations = {
    ListPipelineExecutions: input => this.listExecutions(input),
    GetPipelineExecution: input => {
      const { engine, definition } = this.requirePipeline(
        input,
        'pipelineName',
      );
      const id = requireString(input, 'pipelineExecutionId');
      const run = engine.executions.find(r => r.pipelineExecutionId === id);
      if (!run) {
        throw new AwsError(
          'PipelineExecutionNotFoundException',
          `Pipeline execution ${id} does not exist in pipeline ${definition.name}`,
        );
      }
      return { pipelineExecution: executionDetail(run, definition) };
    },
    GetPipelineState: input => {
      const { engine, definition, created } = this.requirePipeline(
        input,
        'name',
      );
      return pipelineState(definition.name, created, engine.stages);
    },
    PutApprovalResult: (input, caller) => {
      const { engine } = this.requirePipeline(input, 'pipelineName');
      const stageName = requireString(input, 'stageName');
      const actionName = requireString(input, 'actionName');
      const token = requireString(input, 'token');
      const result = (input.result ?? {}) as {
        summary?: string;
        status?: string;
      };
      if (result.status !== 'Approved' && result.status !== 'Rejected') {
        throw new AwsError(
          'ValidationException',
          `Value '${result.status}' at 'result.status' failed to satisfy constraint: Member must satisfy enum value set: [Approved, Rejected]`,
        );
      }
      const index = engine.stages.findIndex(s => s.stageName === stageName);
      if (index < 0) {
        throw new AwsError(
          'StageNotFoundException',
          `Stage ${stageName} not found`,
        );
      }
      const stage = engine.stages[index];
      if (stage.actionName !== actionName || stage.kind !== 'approval') {
        throw new AwsError(
          'ActionNotFoundException',
          `Action ${actionName} not found in stage ${stageName}`,
        );
      }
      const action = stage.latest?.actions[index];
      if (!stage.latest || !action || action.token !== token) {
        throw new AwsError(
          'InvalidApprovalTokenException',
          `The approval token ${token} is not valid for the current approval`,
        );
      }
      if (action.status !== 'InProgress') {
        throw new AwsError(
          'ApprovalAlreadyCompletedException',
          'The approval action has already been approved or rejected',
        );
      }
      engine.finish(stage.latest, index, {
        status: result.status === 'Approved' ? 'Succeeded' : 'Failed',
        summary: result.summary,
        lastUpdatedBy: caller.arn,
      });
      return { approvedAt: epochSeconds(this.clock.now()) };
    },
  };

  private listExecutions(input: Record<string, unknown>) {
    const { engine, definition } = this.requirePipeline(input, 'pipelineName');
    const maxResults = input.maxResults ?? 100;
    if (typeof maxResults !== 'number' || maxResults < 1 || maxResults > 100) {
      throw new AwsError(
        'ValidationException',
        `Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
      );
    }
    const newestFirst = [...engine.executions].reverse();
    let start = 0;
    if (typeof input.nextToken === 'string' && input.nextToken) {
      const after = decodeToken(input.nextToken, definition.name);
      start = newestFirst.findIndex(r => r.pipelineExecutionId === after) + 1;
      if (start === 0) throw invalidToken();
    }
    const page = newestFirst.slice(start, start + maxResults);
    const last = page[page.length - 1];
    return {
      pipelineExecutionSummaries: page.map(run =>
        executionSummary(run, definition, engine.stages[0].actionName),
      ),
      ...(start + maxResults < newestFirst.length && last
        ? { nextToken: encodeToken(last.pipelineExecutionId, definition.name) }
        : {}),
    };
  }

  /** Runs the action of a stage the execution just entered. */
  private work(
    definition: PipelineDefinition,
    engine: QueuedPipeline,
    run: PipelineRun,
    index: number,
  ): void {
    const kind = engine.stages[index].kind;
    if (kind === 'approval') return; // waits for PutApprovalResult
    const ms = {
      source: definition.sourceMs,
      validate: definition.validateMs,
      deploy: definition.deployMs,
    }[kind];
    this.clock.after(ms ?? 50, () => {
      this.runAction(definition, run, kind)
        .catch(error => ({
          status: 'Failed' as const,
          errorDetails: {
            code: 'JobFailed',
            message: String(error?.message ?? error),
          },
        }))
        .then(outcome => engine.finish(run, index, outcome));
    });
  }

  private async runAction(
    definition: PipelineDefinition,
    run: PipelineRun,
    kind: Exclude<StageKind, 'approval'>,
  ) {
    if (kind === 'source') {
      return { status: 'Succeeded' as const, summary: run.commit.message };
    }
    const files = this.codeCommit.filesOf(
      definition.repositoryName,
      run.commit.commitId,
    );
    if (kind === 'validate') {
      const validate = definition.validate ?? this.defaults.validate;
      const error = validate ? await validate(files, run.commit) : undefined;
      return error
        ? {
            status: 'Failed' as const,
            errorDetails: { code: 'JobFailed', message: error },
          }
        : { status: 'Succeeded' as const };
    }
    const outcome = await (definition.deploy ?? this.defaults.deploy)(
      files,
      run.commit,
    );
    const report =
      typeof outcome === 'string' ? { error: outcome } : outcome ?? {};
    const externalExecutionId = report.externalExecutionId ?? randomUUID();
    return report.error
      ? {
          status: 'Failed' as const,
          summary: report.summary,
          externalExecutionId,
          errorDetails: { code: 'JobFailed', message: report.error },
        }
      : {
          status: 'Succeeded' as const,
          summary: report.summary,
          externalExecutionId,
        };
  }

  private answerApproval(
    pipelineExecutionId: string,
    outcome: Parameters<QueuedPipeline['finish']>[2],
  ): void {
    const found = this.find(pipelineExecutionId);
    const index = found && found.engine.stageOf(found.run);
    if (
      !found ||
      index === undefined ||
      found.engine.stages[index].kind !== 'approval'
    ) {
      throw new Error(
        `Execution ${pipelineExecutionId} is not waiting for approval`,
      );
    }
    found.engine.finish(found.run, index, outcome);
  }

  private find(id: string) {
    for (const { engine } of this.pipelines.values()) {
      const run = engine.executions.find(r => r.pipelineExecutionId === id);
      if (run) return { engine, run };
    }
    return undefined;
  }

  private entry(name: string): PipelineEntry {
    const entry = this.pipelines.get(name);
    if (!entry) throw new Error(`No pipeline ${name}`);
    return entry;
  }

  private requirePipeline(
    input: Record<string, unknown>,
    member: string,
  ): PipelineEntry {
    const name = requireString(input, member);
    const entry = this.pipelines.get(name);
    if (!entry) {
      throw new AwsError(
        'PipelineNotFoundException',
        `Account does not have a pipeline with name '${name}'`,
      );
    }
    return entry;
  }
}
