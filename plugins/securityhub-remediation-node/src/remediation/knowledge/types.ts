/**
 * How to fill one input parameter of an SSM Automation runbook for a given
 * Security Hub finding.
 *
 * - `resourceId`: the ASFF `Resources[0].Id` as-is (usually an ARN).
 * - `resourceName`: the short identifier extracted by `resourceIdentifier`.
 * - `resourceDetail`: a field of `Resources[0].Details.<ResourceType>`, for
 *   identifiers that are not part of the ARN (for example an RDS
 *   `DbiResourceId` or an IAM `UserId`).
 * - `accountId` / `region`: from the finding's `AwsAccountId` / `Region`.
 * - `automationAssumeRole`: the ARN of the role our template creates.
 * - `operatorInput`: a value a human has to choose (a KMS key, a log bucket).
 * - `value`: a constant.
 *
 * @public
 */
export type RunbookParameterValue =
  | { from: 'resourceId' }
  | { from: 'resourceName' }
  | { from: 'resourceDetail'; field: string }
  | { from: 'accountId' }
  | { from: 'region' }
  | { from: 'automationAssumeRole' }
  | { from: 'operatorInput'; description: string }
  | { value: string | number | boolean | readonly string[] };

/**
 * A Security Hub control that an AWS-owned Automation runbook (present in
 * every account) remediates.
 *
 * @public
 */
export interface AwsRunbookRemediation {
  controlId: string;
  /** `AWSConfigRemediation-*` or `AWS-*` document name. */
  runbook: string;
  /** ASFF resource type of the findings, such as `AwsS3Bucket`. */
  resourceType: string;
  parameters: Readonly<Record<string, RunbookParameterValue>>;
  /** IAM actions the runbook's AutomationAssumeRole needs. */
  requiredIamActions: readonly string[];
  rationale: string;
  /** Runbook reference page the parameters were checked against. */
  source: string;
}

/**
 * A control whose fix cannot be safely automated.
 *
 * @public
 */
export interface CannotAutomate {
  controlId: string;
  reason: string;
  manualSteps: readonly string[];
  source: string;
}

/**
 * Project remediation guidance for a control.
 *
 * @public
 */
export interface RemediationGuidance {
  summary: string;
  steps: readonly string[];
}
