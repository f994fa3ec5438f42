import type { ComplianceStatus } from '../findings';
import type { AutomationKind, ValidationSummary } from '../chat/events';
import type {
  DeliveryMode,
  RemediationStageName,
  RemediationStatus,
  StageStatus,
} from './states';

/**
 * The validation report: the engine's validator (same shape as the chat's
 * proposals), plus cfn-lint's findings where cfn-lint ran (`rule` `cfn-lint:*`).
 */
export type RemediationValidation = ValidationSummary;

/** What a remediation will change, for the reviewer. */
export interface ChangePreview {
  /** The CloudFormation stack (or StackSet) the template deploys. */
  stackName: string;
  deployment: 'stack' | 'stack-set';
  /** Accounts and regions the template deploys into. */
  accounts: string[];
  regions: string[];
  /** Resources the template creates: logical id and type. */
  creates: Array<{ logicalId: string; type: string }>;
  /** Resources the automation acts on when it runs (ARNs or ids). */
  targets: Array<{ type: string; id: string }>;
  /** IAM actions the automation's role gets, and on which resources. */
  iamActions: Array<{ action: string; resources: string[] }>;
  /** The SSM document that runs: AWS-owned runbook or the one the template creates. */
  documentName: string;
}

/** What `POST /v1/remediations/preview` answers: everything the wizard's review shows. */
export interface RemediationPreview {
  findingId: string;
  controlId: string;
  controlTitle: string;
  awsAccountId: string;
  region: string;
  resourceId?: string;
  automationKind: AutomationKind;
  /** Stack and file name: `deploy/<name>.yaml`, `deploy/parameters/<name>-params.json`. */
  name?: string;
  /** Why it cannot be automated, or what to do by hand. */
  reason?: string;
  manualSteps?: string[];
  runbook?: string;
  templateYaml?: string;
  parametersJson?: string;
  parameters?: Record<string, string>;
  missingParameters?: Array<{ name: string; description: string }>;
  /** sha256 of template + params: the create request must name what was reviewed. */
  templateHash?: string;
  validation?: RemediationValidation;
  changePreview?: ChangePreview;
  caveats?: string[];
  /** Set when this finding cannot be remediated now (PASSED, archived, …). */
  blockedReason?: string;
  /** Open remediation of this finding, if one is in flight. */
  openRemediationId?: string;
}

/** One entry of a remediation's timeline. */
export interface RemediationEvent {
  at: string;
  stage: RemediationStageName;
  status: StageStatus;
  message: string;
  /** User entity ref, or `system` for the follow-up task. */
  actor: string;
  /** `local` when a local adapter did it. */
  mode?: DeliveryMode;
}

/** One stage of a remediation, as the timeline shows it. */
export interface RemediationStage {
  name: RemediationStageName;
  status: StageStatus;
  startedAt?: string;
  endedAt?: string;
  /** One line on what happened, e.g. the commit or the plan. */
  summary?: string;
  error?: string;
  attempts?: number;
  mode?: DeliveryMode;
}

export interface RemediationApproval {
  decision: 'approved' | 'rejected';
  by: string;
  at: string;
  comment: string;
}

/** What the deploy stage did; a local deploy plans and applies nothing. */
export interface RemediationDeployResult {
  mode: DeliveryMode;
  applied: boolean;
  deployment: 'stack' | 'stack-set';
  stackName: string;
  accounts: string[];
  regions: string[];
  parameters: Record<string, string>;
  /** Stack id or StackSet operation id when applied. */
  stackId?: string;
  operationId?: string;
  note?: string;
}

export interface RemediationVerification {
  complianceStatus: ComplianceStatus | 'UNKNOWN';
  at: string;
  mode: DeliveryMode;
  note: string;
}

/** A remediation record: one run from finding to verified fix. */
export interface Remediation {
  id: string;
  findingId: string;
  controlId: string;
  controlTitle: string;
  awsAccountId: string;
  region: string;
  resourceId?: string;
  automationKind: AutomationKind;
  templateName: string;
  templateHash: string;
  status: RemediationStatus;
  /** User entity ref of who submitted it. */
  submittedBy: string;
  createdAt: string;
  updatedAt: string;
  repository?: {
    mode: DeliveryMode;
    name: string;
    branch: string;
    commitId: string;
    files: string[];
    /** Link to the commit, when the repository has a web view. */
    url?: string;
  };
  pipeline?: {
    mode: DeliveryMode;
    name: string;
    executionId: string;
    url?: string;
  };
  /** Present while the approval stage waits: the token a decision must name. */
  approvalToken?: string;
  approval?: RemediationApproval;
  deploy?: RemediationDeployResult;
  automation?: {
    mode: DeliveryMode;
    documentName: string;
    executionId: string;
    status?: string;
    /** Console link to the execution, when there is one. */
    url?: string;
    /** The steps as last read, with what each returned. */
    steps?: Array<{
      name: string;
      action: string;
      status: string;
      outputs?: Record<string, string>;
    }>;
  };
  verification?: RemediationVerification;
  error?: { stage: RemediationStageName; message: string; attempts: number };
  stages: RemediationStage[];
}

/** A remediation with its timeline. */
export interface RemediationDetail extends Remediation {
  events: RemediationEvent[];
  /** The reviewed files, as staged. */
  templateYaml: string;
  parametersJson: string;
  changePreview?: ChangePreview;
  validation?: RemediationValidation;
}

export interface RemediationsPage {
  items: Remediation[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
  totalCount: number;
}
