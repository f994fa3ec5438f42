import {
  complianceFinding,
  detectionFinding,
  vulnerabilityFinding,
} from './__fixtures__/ocsfFindings';
import {
  asffResourceType,
  OCSF_ORIGINAL_KEY,
  prepareOcsfFinding,
  validateOcsfFinding,
} from './ocsfToAsff';
import { looksLikeOcsfFinding } from './ocsfFindingSchema';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('prepareOcsfFinding', () => {
  it('maps a Compliance Finding to a control finding', () => {
    const { normalized, document } = prepareOcsfFinding(complianceFinding);
    expect(normalized).toEqual({
      id: complianceFinding.finding_info.uid,
      productArn: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
      generatorId: 'S3.1',
      awsAccountId: '123456789012',
      region: 'us-east-1',
      controlId: 'S3.1',
      title:
        'S3 general purpose buckets should have block public access settings enabled',
      description: complianceFinding.finding_info.desc,
      severity: 'HIGH',
      complianceStatus: 'FAILED',
      workflowStatus: 'NEW',
      recordState: 'ACTIVE',
      resourceType: 'AwsS3Bucket',
      resourceId: 'arn:aws:s3:::amzn-s3-demo-bucket',
      resources: [
        {
          type: 'AwsS3Bucket',
          id: 'arn:aws:s3:::amzn-s3-demo-bucket',
          partition: 'aws',
          region: 'us-east-1',
          tags: { team: 'payments' },
        },
      ],
      remediationText: complianceFinding.remediation.desc,
      remediationUrl:
        'https://docs.aws.amazon.com/console/securityhub/S3.1/remediation',
      createdAt: '2025-01-01T12:00:00.000Z',
      updatedAt: '2025-01-08T12:00:00.000Z',
      firstObservedAt: '2025-01-01T12:00:00.000Z',
      lastObservedAt: '2025-01-08T12:00:00.000Z',
    });
    const stored = JSON.parse(document);
    // The original OCSF document is kept as received, next to its ASFF form.
    expect(stored[OCSF_ORIGINAL_KEY]).toEqual(complianceFinding);
    expect(stored.Compliance).toEqual({
      Status: 'FAILED',
      SecurityControlId: 'S3.1',
      AssociatedStandards: [
        {
          StandardsId:
            'standards/aws-foundational-security-best-practices/v/1.0.0',
        },
      ],
    });
    expect(stored.ProductName).toBe('Security Hub');
    expect(stored.CompanyName).toBe('AWS');
  });

  it('maps a Detection Finding without compliance to a non-control finding', () => {
    const { normalized } = prepareOcsfFinding(detectionFinding);
    expect(normalized.controlId).toBeNull();
    expect(normalized.complianceStatus).toBeNull();
    expect(normalized.generatorId).toBe('CryptoCurrency:EC2/BitcoinTool.B!DNS');
    expect(normalized.severity).toBe('MEDIUM');
    // In Progress has no ASFF status; NOTIFIED means someone acts on it.
    expect(normalized.workflowStatus).toBe('NOTIFIED');
    expect(normalized.recordState).toBe('ACTIVE');
    expect(normalized.resourceType).toBe('AwsEc2Instance');
    // An offset is converted to UTC.
    expect(normalized.updatedAt).toBe('2025-02-11T08:15:30.000Z');
    expect(normalized.region).toBe('eu-west-1');
    expect(normalized.remediationText).toBeNull();
    // OCSF labels are strings without values: not tags.
    expect(normalized.resources[0].tags).toBeUndefined();
  });

  it('maps a closed Vulnerability Finding: Fatal, Resolved, archived, epoch times', () => {
    const { normalized } = prepareOcsfFinding(vulnerabilityFinding);
    expect(normalized.severity).toBe('CRITICAL');
    expect(normalized.workflowStatus).toBe('RESOLVED');
    expect(normalized.recordState).toBe('ARCHIVED');
    expect(normalized.createdAt).toBe('2024-05-01T12:00:00.000Z');
    expect(normalized.updatedAt).toBe('2024-05-02T12:00:00.000Z');
    expect(normalized.resources.map(r => r.type)).toEqual([
      'AwsEc2Instance',
      'ContainerImage',
    ]);
  });

  it.each([
    [0, 'Unknown', 'INFORMATIONAL'],
    [1, 'Informational', 'INFORMATIONAL'],
    [2, 'Low', 'LOW'],
    [3, 'Medium', 'MEDIUM'],
    [4, 'High', 'HIGH'],
    [5, 'Critical', 'CRITICAL'],
    [6, 'Fatal', 'CRITICAL'],
    [99, 'Other', 'INFORMATIONAL'],
  ])('maps severity_id %s (%s) to %s', (id, name, label) => {
    const finding = {
      ...clone(complianceFinding),
      severity_id: id,
      severity: name,
    };
    expect(prepareOcsfFinding(finding).normalized.severity).toBe(label);
  });

  it('reads the severity caption when severity_id is missing, and treats an unknown one as INFORMATIONAL', () => {
    const finding: Record<string, unknown> = clone(complianceFinding);
    delete finding.severity_id;
    finding.severity = 'critical';
    expect(prepareOcsfFinding(finding).normalized.severity).toBe('CRITICAL');
    finding.severity = 'Severe';
    expect(prepareOcsfFinding(finding).normalized.severity).toBe(
      'INFORMATIONAL',
    );
  });

  it.each([
    [{ status_id: 1, status: 'Pass' }, 'PASSED'],
    [{ status_id: 2, status: 'Warning' }, 'WARNING'],
    [{ status_id: 3, status: 'Fail' }, 'FAILED'],
    [{ status_id: 0, status: 'Unknown' }, 'NOT_AVAILABLE'],
    [{ status_id: 99, status: 'NOT_APPLICABLE' }, 'NOT_AVAILABLE'],
    [{ status: 'Pass' }, 'PASSED'],
    [{}, 'NOT_AVAILABLE'],
  ])('maps compliance %j to %s', (status, expected) => {
    const finding = clone(complianceFinding);
    const compliance = { control: 'S3.1', ...status };
    expect(
      prepareOcsfFinding({ ...finding, compliance }).normalized
        .complianceStatus,
    ).toBe(expected);
  });

  it.each([
    [{ status_id: 1 }, 'NEW', 'ACTIVE'],
    [{ status_id: 2 }, 'NOTIFIED', 'ACTIVE'],
    [{ status_id: 3 }, 'SUPPRESSED', 'ACTIVE'],
    [{ status_id: 4 }, 'RESOLVED', 'ACTIVE'],
    [{ status_id: 5, status: 'Archived' }, 'RESOLVED', 'ARCHIVED'],
    [{ status: 'Suppressed' }, 'SUPPRESSED', 'ACTIVE'],
    [{ status_id: 99, status: 'Other' }, 'NEW', 'ACTIVE'],
    [{ status_id: 1, activity_name: 'Close' }, 'NEW', 'ARCHIVED'],
  ])('maps status %j to %s / %s', (status, workflow, record) => {
    const finding: Record<string, unknown> = clone(complianceFinding);
    delete finding.status;
    delete finding.status_id;
    delete finding.activity_id;
    delete finding.activity_name;
    const { normalized } = prepareOcsfFinding({ ...finding, ...status });
    expect([normalized.workflowStatus, normalized.recordState]).toEqual([
      workflow,
      record,
    ]);
  });

  it('names the account when a finding has no resources', () => {
    const finding: Record<string, unknown> = clone(detectionFinding);
    delete finding.resources;
    const { normalized } = prepareOcsfFinding(finding);
    expect(normalized.resources).toEqual([
      { type: 'AwsAccount', id: 'AWS::::Account:123456789012' },
    ]);
  });

  it('falls back to the event time when finding_info has no times', () => {
    const finding = clone(detectionFinding);
    const info: Record<string, unknown> = finding.finding_info;
    delete info.created_time_dt;
    delete info.modified_time_dt;
    const { normalized } = prepareOcsfFinding(finding);
    expect(normalized.createdAt).toBe('2025-02-11T08:15:30.000Z');
    expect(normalized.updatedAt).toBe('2025-02-11T08:15:30.000Z');
  });
});

describe('validateOcsfFinding', () => {
  const issues = (value: unknown) => {
    const result = validateOcsfFinding(value);
    expect(result.success).toBe(false);
    return result.error!.issues.map(i => `${i.path.join('.')}: ${i.message}`);
  };

  it('names the OCSF field of a missing account and time', () => {
    const finding = clone(vulnerabilityFinding);
    const cloud: Record<string, unknown> = finding.cloud;
    delete cloud.account;
    const info: Record<string, unknown> = finding.finding_info;
    delete info.created_time;
    delete info.modified_time;
    expect(issues(finding)).toEqual([
      'cloud.account.uid: Required (the AWS account of the finding)',
      expect.stringMatching(/^finding_info\.created_time_dt: Required/),
    ]);
  });

  it('refuses an account id that is not 12 digits, and a finding without uid', () => {
    const finding = clone(complianceFinding);
    finding.cloud.account.uid = 'prod';
    expect(issues(finding)).toEqual([
      'cloud.account.uid: must be a 12-digit AWS account id',
    ]);
    const noUid: Record<string, unknown> = clone(complianceFinding);
    noUid.finding_info = { title: 'x' };
    expect(issues(noUid)[0]).toMatch(/^finding_info\.uid: /);
  });
});

describe('asffResourceType', () => {
  it.each([
    ['AWS::S3::Bucket', 'AwsS3Bucket'],
    ['AWS::IAM::Role', 'AwsIamRole'],
    ['AWS::EC2::SecurityGroup', 'AwsEc2SecurityGroup'],
    ['AWS::RDS::DBInstance', 'AwsRdsDbInstance'],
    ['AWS::DynamoDB::Table', 'AwsDynamoDbTable'],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AwsElbv2LoadBalancer'],
    ['AWS::CloudTrail::Trail', 'AwsCloudTrailTrail'],
    ['AWS::KMS::Key', 'AwsKmsKey'],
    ['AwsEc2Instance', 'AwsEc2Instance'],
    ['Container Image', 'ContainerImage'],
    ['k8s/pod (default)', 'k8spoddefault'],
    ['Other::Thing', 'Other::Thing'],
    ['---', 'Other'],
    [undefined, 'Other'],
  ])('maps %s to %s', (type, expected) => {
    expect(asffResourceType(type)).toBe(expected);
  });
});

describe('looksLikeOcsfFinding', () => {
  it('tells OCSF from ASFF and other values', () => {
    expect(looksLikeOcsfFinding(complianceFinding)).toBe(true);
    expect(looksLikeOcsfFinding({ class_uid: 2004, finding_info: {} })).toBe(
      true,
    );
    expect(looksLikeOcsfFinding({ class_uid: 2004 })).toBe(false);
    expect(looksLikeOcsfFinding({ Id: 'x', SchemaVersion: '2018-10-08' })).toBe(
      false,
    );
    expect(looksLikeOcsfFinding([complianceFinding])).toBe(false);
    expect(looksLikeOcsfFinding(null)).toBe(false);
  });
});
