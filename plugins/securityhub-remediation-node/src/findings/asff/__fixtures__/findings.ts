/**
 * A hand-written Security Hub control finding (S3.5 on a payments bucket),
 * the smallest document that passes the ASFF schema plus the fields Security
 * Hub always sets.
 */
export function s3Finding(
  n: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const id = `arn:aws:securityhub:us-east-1:210987654321:security-control/S3.5/finding/0b6f3c2e-5d1a-4c8e-9f7a-${String(
    n,
  ).padStart(12, '0')}`;
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    GeneratorId: 'security-control/S3.5',
    AwsAccountId: '210987654321',
    Region: 'us-east-1',
    Types: [
      'Software and Configuration Checks/Industry and Regulatory Standards',
    ],
    CreatedAt: '2026-10-01T08:00:00.000Z',
    UpdatedAt: '2026-11-19T08:00:00.000Z',
    Severity: { Label: 'MEDIUM', Original: 'MEDIUM' },
    Title: 'S3 general purpose buckets should require requests to use SSL',
    Description:
      'This AWS control checks whether S3 buckets require requests to use SSL.',
    Resources: [
      {
        Type: 'AwsS3Bucket',
        Id: `arn:aws:s3:::payments-prod-invoices-${n}`,
        Partition: 'aws',
        Region: 'us-east-1',
      },
    ],
    Compliance: { Status: 'FAILED', SecurityControlId: 'S3.5' },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    ...overrides,
  };
}

export function s3Findings(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => s3Finding(n));
}
