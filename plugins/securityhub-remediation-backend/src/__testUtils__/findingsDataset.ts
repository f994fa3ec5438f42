import {
  asffFindingFixture,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';

/**
 * 120 findings over 3 accounts, 2 regions, 2 controls and every severity,
 * compliance, workflow and record state, for the store's tests.
 */
export function dataset(): AsffFinding[] {
  const findings: AsffFinding[] = [];
  const accounts = ['111111111111', '222222222222', '333333333333'];
  const severities = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
  for (let i = 0; i < 120; i++) {
    findings.push(
      asffFindingFixture({
        accountId: accounts[i % 3],
        region: i % 2 ? 'eu-west-1' : 'us-east-1',
        controlId: i % 4 === 0 ? 'EC2.19' : 'S3.5',
        title:
          i % 4 === 0
            ? 'Security groups should not allow unrestricted access to high risk ports'
            : undefined,
        resourceType: i % 4 === 0 ? 'AwsEc2SecurityGroup' : 'AwsS3Bucket',
        resourceId:
          i % 4 === 0
            ? `sg-${String(i).padStart(8, '0')}`
            : `arn:aws:s3:::ledger-${i}`,
        severity: i % 5 === 0 ? 'INFORMATIONAL' : severities[i % 4],
        complianceStatus: i % 5 === 0 ? 'PASSED' : 'FAILED',
        workflowStatus: i % 7 === 0 ? 'SUPPRESSED' : 'NEW',
        recordState: i % 11 === 0 ? 'ARCHIVED' : 'ACTIVE',
        updatedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
        suffix: String(i).padStart(4, '0'),
      }),
    );
  }
  return findings;
}
