import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { FakeCommit } from './codeCommit';

export type StageKind = 'source' | 'validate' | 'approval' | 'deploy';
export const STAGE_KINDS: readonly StageKind[] = [
  'source',
  'validate',
  'approval',
  'deploy',
];

export type ActionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';
export type ExecutionStatus =
  | 'InProgress'
  | 'Succeeded'
  | 'Failed'
  | 'Stopped'
  | 'Superseded';

/** One action's latest execution, as `GetPipelineState` shows it. */
export interface ActionRun {
  actionExecutionId: string;
  status: ActionStatus;
  summary?: string;
  lastStatusChange: Date;
  /** The approval token, while the action is a manual approval. */
  token?: string;
  lastUpdatedBy?: string;
  externalExecutionId?: string;
  errorDetails?: { code: string; message: string };
}

/** One pipeline execution of one commit. */
export interface PipelineRun {
  pipelineExecutionId: string;
  pipelineName: string;
  commit: FakeCommit;
  status: ExecutionStatus;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  /** The action run of each stage it entered, by stage index. */
  actions: Array<ActionRun | undefined>;
}

/** A finished action: `Failed` ends the execution. */
export interface ActionOutcome {
  status: 'Succeeded' | 'Failed';
  summary?: string;
  lastUpdatedBy?: string;
  externalExecutionId?: string;
  errorDetails?: { code: string; message: string };
}

export interface PipelineStage {
  kind: StageKind;
  stageName: string;
  actionName: string;
  /** The execution inside the stage now (at most one: QUEUED mode). */
  occupant?: PipelineRun;
  /** The last execution that entered the stage: the only one AWS shows. */
  latest?: PipelineRun;
  /** Executions waiting to enter, oldest first. */
  inbound: PipelineRun[];
}

/**
 * The execution engine of a V2 pipeline in QUEUED mode: a stage holds at most
 * one execution; the others wait at its entrance and enter in arrival order.
 * `work` is called when an execution enters a stage and finishes the action
 * through `finish` (an approval waits for a person instead).
 */
export class QueuedPipeline {
  readonly executions: PipelineRun[] = [];

  constructor(
    readonly name: string,
    readonly stages: PipelineStage[],
    private readonly clock: Clock,
    private readonly work: (run: PipelineRun, stageIndex: number) => void,
  ) {}

  start(commit: FakeCommit): PipelineRun {
    const now = this.clock.now();
    const run: PipelineRun = {
      pipelineExecutionId: randomUUID(),
      pipelineName: this.name,
      commit,
      status: 'InProgress',
      startTime: now,
      lastUpdateTime: now,
      actions: [],
    };
    this.executions.push(run);
    this.enqueue(run, 0);
    return run;
  }

  /** Ends the action of `run` in stage `stageIndex`; ignored once the execution has ended. */
  finish(run: PipelineRun, stageIndex: number, outcome: ActionOutcome): void {
    const stage = this.stages[stageIndex];
    const action = run.actions[stageIndex];
    if (run.status !== 'InProgress' || stage.occupant !== run || !action)
      return;
    const now = this.clock.now();
    Object.assign(action, {
      status: outcome.status,
      lastStatusChange: now,
      ...(outcome.summary !== undefined ? { summary: outcome.summary } : {}),
      ...(outcome.lastUpdatedBy
        ? { lastUpdatedBy: outcome.lastUpdatedBy }
        : {}),
      ...(outcome.externalExecutionId
        ? { externalExecutionId: outcome.externalExecutionId }
        : {}),
      ...(outcome.errorDetails ? { errorDetails: outcome.errorDetails } : {}),
    });
    run.lastUpdateTime = now;
    stage.occupant = undefined;
    if (outcome.status === 'Failed') {
      run.status = 'Failed';
      run.statusSummary = outcome.errorDetails?.message ?? outcome.summary;
    } else if (stageIndex + 1 < this.stages.length) {
      this.enqueue(run, stageIndex + 1);
    } else {
      run.status = 'Succeeded';
    }
    this.admit(stageIndex);
  }

  /** Ends `run` as `Superseded`: its running action is abandoned and its place freed. */
  supersede(run: PipelineRun): void {
    if (run.status !== 'InProgress') return;
    const now = this.clock.now();
    run.status = 'Superseded';
    run.statusSummary = 'Superseded by a newer execution';
    run.lastUpdateTime = now;
    this.stages.forEach((stage, index) => {
      stage.inbound = stage.inbound.filter(waiting => waiting !== run);
      if (stage.occupant === run) {
        Object.assign(run.actions[index]!, {
          status: 'Abandoned',
          lastStatusChange: now,
        });
        stage.occupant = undefined;
        this.admit(index);
      }
    });
  }

  /** The stage `run` is inside now, if any. */
  stageOf(run: PipelineRun): number | undefined {
    const index = this.stages.findIndex(stage => stage.occupant === run);
    return index < 0 ? undefined : index;
  }

  private enqueue(run: PipelineRun, stageIndex: number): void {
    this.stages[stageIndex].inbound.push(run);
    this.admit(stageIndex);
  }

  private admit(stageIndex: number): void {
    const stage = this.stages[stageIndex];
    if (stage.occupant) return;
    const run = stage.inbound.shift();
    if (!run) return;
    const now = this.clock.now();
    stage.occupant = run;
    stage.latest = run;
    run.lastUpdateTime = now;
    run.actions[stageIndex] = {
      actionExecutionId: randomUUID(),
      status: 'InProgress',
      lastStatusChange: now,
      ...(stage.kind === 'approval' ? { token: randomUUID() } : {}),
    };
    this.work(run, stageIndex);
  }
}
