/**
 * The project's own remediation automations, for controls that no AWS-owned
 * runbook remediates. Each one renders as a CloudFormation template creating
 * an SSM Automation document (schemaVersion 0.3) and its least-privilege
 * AutomationAssumeRole; the resource to fix is a template parameter, filled
 * from the finding by the `<Name>-params.json` file, so the role names that
 * one resource.
 */

/** How a parameter is filled from the finding's first resource. */
export type ParameterFill =
  /** `Resources[0].Id` as Security Hub reports it (often an ARN). */
  | { from: 'resourceId' }
  /** The resource's own name/id, extracted from its ARN (bucket name, sg-…, key id…). */
  | { from: 'resourceName' }
  /** A field of `Resources[0].Details`, e.g. `AwsEc2SecurityGroup.GroupId`. */
  | { from: 'resourceDetail'; path: string }
  | { from: 'accountId' }
  | { from: 'region' }
  /** A fixed value the automation always uses (e.g. a retention of 365 days). */
  | { value: string | number | boolean | string[] };

export interface CuratedParameter {
  /** SSM document parameter type; also the CloudFormation parameter type (String/Number/CommaDelimitedList). */
  type: 'String' | 'StringList' | 'Integer' | 'Boolean';
  description: string;
  fill: ParameterFill;
  /** Regex the value must match (document and template), e.g. an S3 bucket name. */
  allowedPattern?: string;
}

/** One SSM Automation step (schema 0.3 `mainSteps` entry), as plain data. */
export interface AutomationStep {
  name: string;
  action: string;
  inputs: Record<string, unknown>;
  outputs?: Array<{ Name: string; Selector: string; Type: string }>;
  onFailure?: string;
  nextStep?: string;
  isEnd?: boolean;
  maxAttempts?: number;
  timeoutSeconds?: number;
  description?: string;
}

/** An IAM statement of the AutomationAssumeRole. */
export interface CuratedPermission {
  /** Exact IAM actions, e.g. `s3:PutEncryptionConfiguration` (never wildcards). */
  actions: string[];
  /**
   * Resource ARNs in CloudFormation `!Sub` syntax over the template's
   * parameters and pseudo parameters, e.g.
   * `arn:${AWS::Partition}:s3:::${BucketName}`. `*` only for actions that
   * support no resource-level permissions (say so in `why`).
   */
  resources: string[];
  /** Why these actions (and, for `*`, why no narrower resource exists). */
  why: string;
}

export interface CuratedAutomation {
  controlId: string;
  /** What the automation changes, in one sentence. */
  description: string;
  /** ASFF resource type of the finding's resource, e.g. `AwsS3Bucket`. */
  resourceType: string;
  /** Document parameters besides AutomationAssumeRole. */
  parameters: Record<string, CuratedParameter>;
  /**
   * The remediation steps followed by at least one verification step
   * (`aws:assertAwsResourceProperty`, or `aws:executeAwsApi` reading the
   * setting back followed by an assertion) proving the fix took effect.
   */
  steps: AutomationStep[];
  permissions: CuratedPermission[];
  /** Side effects a reviewer should know (e.g. replaces an existing policy). */
  caveats?: string[];
}
