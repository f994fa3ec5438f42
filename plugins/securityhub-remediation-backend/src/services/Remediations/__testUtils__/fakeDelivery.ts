import { createHash } from 'crypto';
import {
  StaleApprovalError,
  type ApprovalDecision,
  type AutomationRun,
  type AutomationRunner,
  type AutomationRunRequest,
  type FindingVerifier,
  type LocalFindingsUpdater,
  type PipelineExecution,
  type RemediationPipeline,
  type RemediationRepository,
  type StageRequest,
  type StageResult,
  type VerificationResult,
  type VerifyRequest,
} from '@internal/plugin-securityhub-remediation-node';

/**
 * In-memory delivery ports that count every call with an effect, so tests
 * can assert that a restart or a repeated step repeats none.
 */

export class FakeRepository implements RemediationRepository {
  readonly mode = 'local' as const;
  readonly name = 'remediations';
  readonly branch = 'main';
  readonly commits: StageRequest[] = [];
  /** Makes the next stage calls throw (a repository that is down). */
  failWith?: Error;

  async stage(request: StageRequest): Promise<StageResult> {
    if (this.failWith) throw this.failWith;
    this.commits.push(request);
    const commitId = createHash('sha1')
      .update(`${this.commits.length}:${JSON.stringify(request.files)}`)
      .digest('hex');
    return { commitId, changed: true, files: request.files.map(f => f.path) };
  }

  async readFile(): Promise<string | undefined> {
    return undefined;
  }

  commitUrl(commitId: string): string {
    return `https://git.example/remediations/commit/${commitId}`;
  }
}

/** Source → Validate → Approval → Deploy, advanced by what tests set. */
export class FakePipeline implements RemediationPipeline {
  readonly mode = 'local' as const;
  readonly name = 'remediation-pipeline';
  readonly executions = new Map<string, PipelineExecution>();
  readonly decisions: ApprovalDecision[] = [];
  /** findExecution answers undefined this many times before the pickup. */
  pickupDelay = 0;
  /** The Validate stage fails with this problem. */
  validationProblem?: string;
  private tokens = 0;

  async findExecution(commitId: string) {
    if (this.pickupDelay > 0) {
      this.pickupDelay--;
      return undefined;
    }
    const existing = [...this.executions.values()].find(
      e => e.commitId === commitId,
    );
    if (existing) return existing;
    const id = `exec-${this.executions.size + 1}`;
    const failed = this.validationProblem;
    const execution: PipelineExecution = {
      id,
      commitId,
      mode: 'local',
      status: failed ? 'Failed' : 'InProgress',
      stages: [
        { name: 'Source', status: 'Succeeded' },
        failed
          ? {
              name: 'Validate',
              status: 'Failed',
              problems: [
                {
                  rule: 'cfn-lint:E3012',
                  path: 'Resources.Doc',
                  severity: 'error',
                  message: failed,
                },
              ],
            }
          : { name: 'Validate', status: 'Succeeded', summary: 'no problems' },
        failed
          ? { name: 'Approval', status: 'NotStarted' }
          : {
              name: 'Approval',
              status: 'InProgress',
              approvalToken: this.newToken(),
            },
        { name: 'Deploy', status: 'NotStarted' },
      ],
    };
    this.executions.set(id, execution);
    return execution;
  }

  async getExecution(executionId: string) {
    const execution = this.executions.get(executionId);
    if (!execution) throw new Error(`no execution ${executionId}`);
    return structuredClone(execution);
  }

  /** The pipeline re-issues the approval token (as CodePipeline can). */
  reissueToken(executionId: string): string {
    const approval = this.stage(executionId, 'Approval');
    approval.approvalToken = this.newToken();
    return approval.approvalToken;
  }

  async decide(decision: ApprovalDecision): Promise<void> {
    const approval = this.stage(decision.executionId, 'Approval');
    if (
      approval.status !== 'InProgress' ||
      approval.approvalToken !== decision.token
    ) {
      throw new StaleApprovalError('stale approval token');
    }
    this.decisions.push(decision);
    delete approval.approvalToken;
    const execution = this.executions.get(decision.executionId)!;
    if (decision.decision === 'reject') {
      approval.status = 'Rejected';
      execution.status = 'Rejected';
      return;
    }
    approval.status = 'Succeeded';
    const deploy = this.stage(decision.executionId, 'Deploy');
    deploy.status = 'Succeeded';
    deploy.plan = {
      deployment: 'stack',
      stackName: 'planned-stack',
      accounts: ['111111111111'],
      regions: ['us-east-1'],
      parameters: {},
      applied: false,
      note: 'Planned locally; nothing was applied',
    };
    execution.status = 'Succeeded';
  }

  executionUrl(executionId: string): string {
    return `https://pipeline.example/${executionId}`;
  }

  private stage(executionId: string, name: string) {
    const stage = this.executions
      .get(executionId)
      ?.stages.find(s => s.name === name);
    if (!stage) throw new Error(`no stage ${name} in ${executionId}`);
    return stage;
  }

  private newToken(): string {
    this.tokens++;
    return `token-${this.tokens}`;
  }
}

export class FakeAutomationRunner implements AutomationRunner {
  readonly mode = 'local' as const;
  /** Every start call, and the executions actually started (one per client token). */
  readonly startCalls: AutomationRunRequest[] = [];
  readonly started = new Map<string, string>();
  getCalls = 0;
  /** get throws this many times before answering. */
  failGets = 0;
  /** Status answered by get. */
  status: AutomationRun['status'] = 'Success';

  async start(request: AutomationRunRequest) {
    this.startCalls.push(request);
    let executionId = this.started.get(request.clientToken);
    if (!executionId) {
      executionId = `auto-${this.started.size + 1}`;
      this.started.set(request.clientToken, executionId);
    }
    return { executionId };
  }

  async get(executionId: string): Promise<AutomationRun> {
    this.getCalls++;
    if (this.failGets > 0) {
      this.failGets--;
      throw new Error('SSM is throttling requests');
    }
    return {
      executionId,
      status: this.status,
      mode: 'local',
      steps: [
        { name: 'Remediate', action: 'aws:executeAwsApi', status: this.status },
      ],
      note: 'Recorded locally; nothing ran in AWS',
    };
  }
}

/** Marks the finding PASSED in the portal's store, like the local verifier. */
export class FakeVerifier implements FindingVerifier {
  readonly mode = 'local' as const;
  readonly calls: VerifyRequest[] = [];
  /** final: false makes the verifier answer "not yet". */
  final = true;

  constructor(private readonly updater: LocalFindingsUpdater) {}

  async verify(request: VerifyRequest): Promise<VerificationResult> {
    this.calls.push(request);
    if (!this.final) {
      return {
        complianceStatus: 'FAILED',
        at: new Date().toISOString(),
        mode: 'local',
        note: 'not re-evaluated yet',
        final: false,
      };
    }
    const note = `Marked PASSED by a local run of remediation ${request.remediationId}`;
    const complianceStatus = await this.updater.markPassedLocally(
      request.findingId,
      note,
    );
    return {
      complianceStatus,
      at: new Date().toISOString(),
      mode: 'local',
      note,
      final: true,
    };
  }
}
