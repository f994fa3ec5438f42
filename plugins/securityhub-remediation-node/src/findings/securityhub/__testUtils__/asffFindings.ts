import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';

/** @public */
export interface GenerateControlFindingsOptions {
  accountId?: string;
  region?: string;
  /** UpdatedAt of the first finding; each next one is `stepMs` later. */
  firstUpdatedAt?: string;
  stepMs?: number;
}

const CONTROLS = [
  { id: 'S3.5', type: 'AwsS3Bucket', severity: 'MEDIUM' },
  { id: 'EC2.19', type: 'AwsEc2SecurityGroup', severity: 'CRITICAL' },
  { id: 'IAM.1', type: 'AwsIamPolicy', severity: 'HIGH' },
  { id: 'Lambda.1', type: 'AwsLambdaFunction', severity: 'CRITICAL' },
  { id: 'RDS.3', type: 'AwsRdsDbInstance', severity: 'MEDIUM' },
] as const;

/**
 * `count` consolidated Security Hub control findings (what `GetFindings`
 * returns for `ProductName = Security Hub`), with distinct ids and strictly
 * increasing `UpdatedAt`, for tests and benchmarks.
 *
 * @public
 */
export function generateControlFindings(
  count: number,
  options: GenerateControlFindingsOptions = {},
): AsffFinding[] {
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const first = Date.parse(
    options.firstUpdatedAt ?? '2026-01-01T00:00:00.000Z',
  );
  const stepMs = options.stepMs ?? 1000;
  return Array.from({ length: count }, (_, index) => {
    const control = CONTROLS[index % CONTROLS.length];
    const updatedAt = new Date(first + index * stepMs).toISOString();
    const resourceId = `arn:aws:${control.type.toLowerCase()}:${region}:${accountId}:resource-${index}`;
    return {
      SchemaVersion: '2018-10-08',
      Id: `arn:aws:securityhub:${region}:${accountId}:security-control/${
        control.id
      }/finding/${index.toString().padStart(8, '0')}`,
      ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
      ProductName: 'Security Hub',
      CompanyName: 'AWS',
      GeneratorId: `security-control/${control.id}`,
      AwsAccountId: accountId,
      Region: region,
      Types: [
        'Software and Configuration Checks/Industry and Regulatory Standards',
      ],
      CreatedAt: new Date(first - 86_400_000).toISOString(),
      UpdatedAt: updatedAt,
      FirstObservedAt: new Date(first - 86_400_000).toISOString(),
      LastObservedAt: updatedAt,
      Severity: { Label: control.severity, Original: control.severity },
      Title: `${control.id} control check for resource ${index}`,
      Description: `Generated finding ${index} of control ${control.id}.`,
      Resources: [
        {
          Type: control.type,
          Id: resourceId,
          Partition: 'aws',
          Region: region,
        },
      ],
      Compliance: { Status: 'FAILED', SecurityControlId: control.id },
      Workflow: { Status: 'NEW' },
      WorkflowState: 'NEW',
      RecordState: 'ACTIVE',
      ProductFields: { ControlId: control.id },
    };
  });
}
