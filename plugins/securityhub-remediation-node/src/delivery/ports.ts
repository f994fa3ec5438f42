import type {
  ComplianceStatus,
  DeliveryMode,
} from '@internal/plugin-securityhub-remediation-common';

/*
 * The four ports a remediation goes through after it is generated. Each has
 * a local adapter (this package, `local/`) and an AWS adapter (`aws/`); the
 * backend owns the records and calls them, so every call here must be safe
 * to repeat after a restart (see each method).
 */

/** A file to stage, by its path in the repository (`deploy/…`). */
export interface StagedFile {
  path: string;
  content: string;
}

export interface StageRequest {
  files: StagedFile[];
  message: string;
  author: { name: string; email: string };
}

export interface StageResult {
  commitId: string;
  /** False when the branch head already held these exact files (no new commit). */
  changed: boolean;
  files: string[];
}

/** Where remediation templates are committed (local git, or CodeCommit). */
export interface RemediationRepository {
  readonly mode: DeliveryMode;
  /** Repository name as people know it. */
  readonly name: string;
  readonly branch: string;
  /**
   * Commits the files on the branch in one commit whose parent is the branch
   * head. Same content as the head → no commit, `changed: false`. If the head
   * moves meanwhile, re-reads it and retries. Repeating a call is harmless.
   */
  stage(request: StageRequest): Promise<StageResult>;
  /** A file as of a commit; undefined when the commit does not hold it. */
  readFile(commitId: string, path: string): Promise<string | undefined>;
  /** Web link to a commit, when there is a web view. */
  commitUrl(commitId: string): string | undefined;
}

export type PipelineStageName = 'Source' | 'Validate' | 'Approval' | 'Deploy';
export type PipelineStatus =
  | 'NotStarted'
  | 'InProgress'
  | 'Succeeded'
  | 'Failed'
  | 'Rejected';

/** What a deploy stage does (or, locally, would do). */
export interface DeployPlan {
  deployment: 'stack' | 'stack-set';
  stackName: string;
  accounts: string[];
  regions: string[];
  parameters: Record<string, string>;
  /** False when nothing was created in AWS (the local pipeline). */
  applied: boolean;
  stackId?: string;
  operationId?: string;
  note?: string;
}

export interface PipelineStageState {
  name: PipelineStageName;
  status: PipelineStatus;
  startedAt?: string;
  endedAt?: string;
  summary?: string;
  error?: string;
  /** Approval stage while it waits: the token a decision must name. */
  approvalToken?: string;
  /** Validate stage: problems found (engine, cfn-lint). */
  problems?: Array<{
    rule: string;
    path: string;
    severity: 'error' | 'warning';
    message: string;
  }>;
  /** Deploy stage. */
  plan?: DeployPlan;
}

export interface PipelineExecution {
  id: string;
  commitId: string;
  status: PipelineStatus;
  stages: PipelineStageState[];
  mode: DeliveryMode;
}

export interface ApprovalDecision {
  executionId: string;
  token: string;
  decision: 'approve' | 'reject';
  comment: string;
  /** User entity ref of the approver. */
  by: string;
}

/** Thrown when an approval token is not the one the stage waits with. */
export class StaleApprovalError extends Error {
  name = 'StaleApprovalError';
}

/** The approval pipeline: Source → Validate → Approval → Deploy. */
export interface RemediationPipeline {
  readonly mode: DeliveryMode;
  readonly name: string;
  /**
   * The execution the commit started; undefined while the pipeline has not
   * picked the commit up yet. Asking again is harmless.
   */
  findExecution(commitId: string): Promise<PipelineExecution | undefined>;
  getExecution(executionId: string): Promise<PipelineExecution>;
  /** Decides the waiting approval; a stale or used token throws {@link StaleApprovalError}. */
  decide(decision: ApprovalDecision): Promise<void>;
  executionUrl(executionId: string): string | undefined;
}

export interface AutomationRunRequest {
  /** Makes a repeated start return the first execution (the remediation id). */
  clientToken: string;
  documentName: string;
  parameters: Record<string, string[]>;
  accountId: string;
  region: string;
  /** The deployed template, so a local run can show what it would execute. */
  templateYaml?: string;
}

export type AutomationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Success'
  | 'Failed'
  | 'Cancelled'
  | 'TimedOut';

export interface AutomationRun {
  executionId: string;
  status: AutomationStatus;
  mode: DeliveryMode;
  steps: Array<{
    name: string;
    action: string;
    status: string;
    /** What the step returned, each output's values joined. */
    outputs?: Record<string, string>;
  }>;
  failureMessage?: string;
  /** Local runs say here what they did not do. */
  note?: string;
}

/** Runs the deployed SSM Automation document on the failing resource. */
export interface AutomationRunner {
  readonly mode: DeliveryMode;
  /** Starts, or returns the execution this client token already started. */
  start(request: AutomationRunRequest): Promise<{ executionId: string }>;
  get(
    executionId: string,
    where: { accountId: string; region: string },
  ): Promise<AutomationRun>;
  /** Web link to an execution, when there is a web view. */
  executionUrl?(
    executionId: string,
    where: { accountId: string; region: string },
  ): string | undefined;
}

export interface VerifyRequest {
  remediationId: string;
  findingId: string;
  controlId: string;
  accountId: string;
  region: string;
  resourceId?: string;
  automationExecutionId: string;
  /** When verification began: a verifier gives up waiting after its timeout. */
  since?: string;
}

export interface VerificationResult {
  complianceStatus: ComplianceStatus | 'UNKNOWN';
  at: string;
  mode: DeliveryMode;
  note: string;
  /** False while Security Hub has not re-evaluated yet: ask again later. */
  final: boolean;
}

/** Re-reads the finding's compliance after the run, and notes the outcome on it. */
export interface FindingVerifier {
  readonly mode: DeliveryMode;
  verify(request: VerifyRequest): Promise<VerificationResult>;
}

/**
 * What the local verifier needs from the portal's findings store: mark the
 * finding PASSED with a note saying a local run did it. Implemented by the
 * backend's store.
 */
export interface LocalFindingsUpdater {
  markPassedLocally(
    findingId: string,
    note: string,
  ): Promise<ComplianceStatus | 'UNKNOWN'>;
}
