import { randomUUID, timingSafeEqual } from 'crypto';
import { rm } from 'fs/promises';
import { join, resolve } from 'path';
import { z } from 'zod';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  StaleApprovalError,
  type ApprovalDecision,
  type PipelineExecution,
  type PipelineStageName,
  type PipelineStageState,
  type RemediationPipeline,
} from '../ports';
import type { ValidationReport } from '../../remediation/validation/types';
import type { LocalGitRepository } from './LocalGitRepository';
import { deployPlanOf } from '../deployPlan';
import { validateCommit } from './localValidation';
import {
  createJsonFileExclusive,
  readJsonFile,
  serialised,
  writeJsonFileAtomic,
} from './jsonFiles';

export const LOCAL_DEPLOY_NOTE =
  'Local pipeline: planned only — nothing was created in AWS.';

const COMMIT_ID = /^[0-9a-f]{40}$/;
const EXECUTION_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAGE_NAMES: PipelineStageName[] = [
  'Source',
  'Validate',
  'Approval',
  'Deploy',
];

export interface LocalPipelineOptions {
  /** Delivery directory; executions live in `<directory>/pipeline`. */
  directory: string;
  /** The repository whose commits the pipeline runs. */
  repository: LocalGitRepository;
  /** The engine's validator (RemediationEngine.validate). */
  validate: (text: string, fileName: string) => ValidationReport;
  /** `auto`: also run cfn-lint when it is on PATH. */
  cfnLint: 'auto' | 'off';
  name?: string;
}

const decisionSchema = z.object({
  executionId: z.string().regex(EXECUTION_ID, 'not a pipeline execution id'),
  token: z.string().min(1).max(200),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(10_000),
  by: z.string().min(1).max(500),
});

/** What the execution file holds: the execution as the port returns it. */
type StoredExecution = PipelineExecution & { createdAt: string };

/**
 * {@link RemediationPipeline} that runs on this machine. Every execution is
 * a JSON file, and stages advance when the execution is read, so after a
 * restart a new instance continues where the files say and repeats no
 * finished stage. The deploy stage records a plan; nothing reaches AWS.
 */
export class LocalPipeline implements RemediationPipeline {
  readonly mode = 'local' as const;
  readonly name: string;
  private readonly root: string;

  constructor(private readonly options: LocalPipelineOptions) {
    this.root = join(resolve(options.directory), 'pipeline');
    this.name = options.name ?? 'remediation-pipeline';
  }

  private executionFile(executionId: string): string {
    return join(this.root, 'executions', `${executionId}.json`);
  }

  private commitIndexFile(commitId: string): string {
    return join(this.root, 'commits', `${commitId}.json`);
  }

  /** One operation at a time per pipeline directory in this process. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return serialised(`local-pipeline:${this.root}`, task);
  }

  async findExecution(
    commitId: string,
  ): Promise<PipelineExecution | undefined> {
    if (!COMMIT_ID.test(commitId)) {
      throw new InputError(
        `"${commitId}" is not a commit id (40 hex characters)`,
      );
    }
    return this.exclusive(async () => {
      let index = await readJsonFile<{ executionId: string }>(
        this.commitIndexFile(commitId),
      );
      if (!index) {
        if (!(await this.options.repository.hasCommit(commitId)))
          return undefined;
        index = await this.startExecution(commitId);
      }
      return this.advance(await this.load(index.executionId));
    });
  }

  /**
   * Writes the execution, then claims the commit for it with an exclusive
   * create; when another pipeline instance claimed it first, its execution
   * is the one.
   */
  private async startExecution(
    commitId: string,
  ): Promise<{ executionId: string }> {
    const now = new Date().toISOString();
    const execution: StoredExecution = {
      id: randomUUID(),
      commitId,
      status: 'InProgress',
      mode: 'local',
      createdAt: now,
      stages: STAGE_NAMES.map(name => ({ name, status: 'NotStarted' })),
    };
    const source = stage(execution, 'Source');
    source.status = 'Succeeded';
    source.startedAt = now;
    source.endedAt = now;
    source.summary = `Commit ${commitId.slice(0, 12)} of ${
      this.options.repository.name
    } (${this.options.repository.branch})`;
    await writeJsonFileAtomic(this.executionFile(execution.id), execution);
    const claimed = await createJsonFileExclusive(
      this.commitIndexFile(commitId),
      {
        executionId: execution.id,
      },
    );
    if (claimed) return { executionId: execution.id };
    await rm(this.executionFile(execution.id), { force: true });
    const existing = await readJsonFile<{ executionId: string }>(
      this.commitIndexFile(commitId),
    );
    if (!existing)
      throw new Error(`Pipeline index of commit ${commitId} vanished`);
    return existing;
  }

  async getExecution(executionId: string): Promise<PipelineExecution> {
    if (!EXECUTION_ID.test(executionId)) {
      throw new InputError(`"${executionId}" is not a pipeline execution id`);
    }
    return this.exclusive(async () =>
      this.advance(await this.load(executionId)),
    );
  }

  async decide(decision: ApprovalDecision): Promise<void> {
    const parsed = decisionSchema.safeParse(decision);
    if (!parsed.success) {
      throw new InputError(
        `Invalid approval decision: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const { executionId, token, comment, by } = parsed.data;
    await this.exclusive(async () => {
      const execution = await this.load(executionId);
      const approval = stage(execution, 'Approval');
      if (
        approval.status !== 'InProgress' ||
        !approval.approvalToken ||
        !sameToken(approval.approvalToken, token)
      ) {
        throw new StaleApprovalError(
          approval.status === 'InProgress'
            ? 'The approval token is not the one the approval stage waits with; reload the remediation and decide again'
            : `The approval stage is not waiting for a decision (it is ${approval.status})`,
        );
      }
      const approved = parsed.data.decision === 'approve';
      approval.status = approved ? 'Succeeded' : 'Rejected';
      approval.endedAt = new Date().toISOString();
      approval.summary = `${approved ? 'Approved' : 'Rejected'} by ${by}${
        comment.trim() ? `: ${comment.trim()}` : ''
      }`;
      delete approval.approvalToken;
      if (!approved) execution.status = 'Rejected';
      await this.save(execution);
      await this.advance(execution);
    });
  }

  executionUrl(_executionId: string): string | undefined {
    return undefined;
  }

  private async load(executionId: string): Promise<StoredExecution> {
    const execution = await readJsonFile<StoredExecution>(
      this.executionFile(executionId),
    );
    if (!execution) {
      throw new NotFoundError(`No local pipeline execution ${executionId}`);
    }
    return execution;
  }

  private save(execution: StoredExecution): Promise<void> {
    return writeJsonFileAtomic(this.executionFile(execution.id), execution);
  }

  /** Runs every stage that can run now, saving after each. */
  private async advance(
    execution: StoredExecution,
  ): Promise<PipelineExecution> {
    if (execution.status === 'InProgress') {
      const validate = stage(execution, 'Validate');
      if (
        validate.status === 'NotStarted' ||
        validate.status === 'InProgress'
      ) {
        await this.runValidate(execution, validate);
        await this.save(execution);
      }
      const approval = stage(execution, 'Approval');
      if (validate.status === 'Succeeded' && approval.status === 'NotStarted') {
        approval.status = 'InProgress';
        approval.startedAt = new Date().toISOString();
        approval.approvalToken = randomUUID();
        approval.summary = 'Waiting for an approver';
        await this.save(execution);
      }
      const deploy = stage(execution, 'Deploy');
      if (
        approval.status === 'Succeeded' &&
        deploy.status !== 'Succeeded' &&
        deploy.status !== 'Failed'
      ) {
        await this.runDeploy(execution, deploy);
        await this.save(execution);
      }
    }
    const { createdAt: _createdAt, ...publicExecution } = execution;
    return publicExecution;
  }

  private async runValidate(
    execution: StoredExecution,
    validate: PipelineStageState,
  ): Promise<void> {
    validate.startedAt = new Date().toISOString();
    const { templates, problems, lintNote } = await validateCommit({
      ...this.options,
      commitId: execution.commitId,
    });
    const errors = problems.filter(p => p.severity === 'error');
    const warnings = problems.length - errors.length;
    validate.problems = problems;
    validate.endedAt = new Date().toISOString();
    if (templates === 0) {
      validate.status = 'Failed';
      validate.error = 'The commit holds no deploy/*.yaml template';
    } else if (errors.length > 0) {
      validate.status = 'Failed';
      validate.error = `${errors.length} error(s); first: ${errors[0].path}: ${errors[0].message}`;
    } else {
      validate.status = 'Succeeded';
    }
    validate.summary = `${templates} template(s) checked by the engine's validator${lintNote}: ${errors.length} error(s), ${warnings} warning(s)`;
    if (validate.status === 'Failed') execution.status = 'Failed';
  }

  private async runDeploy(
    execution: StoredExecution,
    deploy: PipelineStageState,
  ): Promise<void> {
    deploy.status = 'InProgress';
    deploy.startedAt ??= new Date().toISOString();
    try {
      deploy.plan = await deployPlanOf(
        this.options.repository,
        execution.commitId,
        { applied: false, note: LOCAL_DEPLOY_NOTE },
      );
      deploy.status = 'Succeeded';
      deploy.summary = `Planned ${deploy.plan.deployment} ${
        deploy.plan.stackName
      } in ${deploy.plan.accounts.join(', ')} / ${deploy.plan.regions.join(
        ', ',
      )} (local: not applied)`;
      execution.status = 'Succeeded';
    } catch (error) {
      deploy.status = 'Failed';
      deploy.error = (error as Error).message;
      execution.status = 'Failed';
    }
    deploy.endedAt = new Date().toISOString();
  }
}

function stage(
  execution: StoredExecution,
  name: PipelineStageName,
): PipelineStageState {
  const found = execution.stages.find(s => s.name === name);
  if (!found) throw new Error(`Execution ${execution.id} has no ${name} stage`);
  return found;
}

function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
