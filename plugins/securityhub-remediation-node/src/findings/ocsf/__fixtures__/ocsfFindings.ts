// OCSF findings as the new Security Hub returns them from GetFindingsV2
// (OCSF 1.6). Transcribed from the fields and values AWS documents in
// "Security Hub and the Open Cybersecurity Schema Framework (OCSF)"
// (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ocsf.html),
// "OCSF findings in Security Hub"
// (https://docs.aws.amazon.com/securityhub/latest/userguide/ocsf-findings.html)
// and the OCSF Compliance object (compliance.control/standards/status_id),
// with AWS's documentation account 123456789012 and example ids.

/** Compliance Finding (class 2003) of control S3.1, failed, as Security Hub CSPM produces it. */
export const complianceFinding = {
  activity_id: 1,
  activity_name: 'Create',
  category_name: 'Findings',
  category_uid: 2,
  class_name: 'Compliance Finding',
  class_uid: 2003,
  type_uid: 200301,
  cloud: {
    account: { type: 'AWS Account', type_id: 10, uid: '123456789012' },
    cloud_partition: 'aws',
    provider: 'AWS',
    region: 'us-east-1',
  },
  compliance: {
    control: 'S3.1',
    standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'],
    status: 'Fail',
    status_id: 3,
  },
  finding_info: {
    uid: 'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.1/finding/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    title:
      'S3 general purpose buckets should have block public access settings enabled',
    desc: 'This control checks whether the preceding Amazon S3 block public access settings are configured at the bucket level.',
    types: [
      'Software and Configuration Checks/Industry and Regulatory Standards',
    ],
    created_time: 1735732800000,
    created_time_dt: '2025-01-01T12:00:00.000Z',
    modified_time: 1736337600000,
    modified_time_dt: '2025-01-08T12:00:00.000Z',
    first_seen_time_dt: '2025-01-01T12:00:00.000Z',
    last_seen_time_dt: '2025-01-08T12:00:00.000Z',
  },
  metadata: {
    product: {
      name: 'Security Hub',
      uid: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
      vendor_name: 'AWS',
    },
    profiles: ['cloud', 'datetime'],
    uid: 'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.1/finding/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    version: '1.6.0',
  },
  remediation: {
    desc: 'For information on how to correct this issue, consult the AWS Security Hub controls documentation.',
    references: [
      'https://docs.aws.amazon.com/console/securityhub/S3.1/remediation',
    ],
  },
  resources: [
    {
      cloud_partition: 'aws',
      owner: { account: { uid: '123456789012' } },
      region: 'us-east-1',
      type: 'AWS::S3::Bucket',
      uid: 'arn:aws:s3:::amzn-s3-demo-bucket',
      tags: [{ name: 'team', value: 'payments' }],
    },
  ],
  severity: 'High',
  severity_id: 4,
  status: 'New',
  status_id: 1,
  time: 1736337600000,
  time_dt: '2025-01-08T12:00:00.000Z',
  unmapped: { RecordState: 'ACTIVE' },
};

/** Detection Finding (class 2004) from GuardDuty: no compliance object. */
export const detectionFinding = {
  activity_id: 1,
  activity_name: 'Create',
  class_name: 'Detection Finding',
  class_uid: 2004,
  type_uid: 200401,
  cloud: {
    account: { uid: '123456789012' },
    provider: 'AWS',
    region: 'eu-west-1',
  },
  finding_info: {
    uid: 'arn:aws:guardduty:eu-west-1:123456789012:detector/12abc34d567e8fa901bc2d34eexample/finding/32b7017d2019dfe922abc4e07cexample',
    title:
      'EC2 instance i-99999999 is querying a domain name associated with a known Bitcoin-related domain.',
    desc: 'EC2 instance i-99999999 is querying a domain name associated with Bitcoin-related activity.',
    analytic: { uid: 'CryptoCurrency:EC2/BitcoinTool.B!DNS', type_id: 1 },
    types: ['TTPs/Command and Control/CryptoCurrency:EC2-BitcoinTool.B!DNS'],
    created_time_dt: '2025-02-10T08:30:00Z',
    modified_time_dt: '2025-02-11T09:15:30+01:00',
  },
  metadata: {
    product: {
      name: 'GuardDuty',
      uid: 'arn:aws:securityhub:eu-west-1::productv2/aws/guardduty',
      vendor_name: 'AWS',
    },
    version: '1.6.0',
  },
  resources: [
    {
      cloud_partition: 'aws',
      region: 'eu-west-1',
      type: 'AWS::EC2::Instance',
      uid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-99999999',
      labels: ['production'],
    },
  ],
  severity: 'Medium',
  severity_id: 3,
  status: 'In Progress',
  status_id: 2,
  time_dt: '2025-02-11T08:15:30Z',
};

/** Vulnerability Finding (class 2002) from Inspector, resolved and closed. */
export const vulnerabilityFinding = {
  activity_id: 3,
  activity_name: 'Close',
  class_name: 'Vulnerability Finding',
  class_uid: 2002,
  type_uid: 200203,
  cloud: {
    account: { uid: '123456789012' },
    region: 'us-west-2',
  },
  finding_info: {
    uid: 'arn:aws:inspector2:us-west-2:123456789012:finding/0e436649379db5f327e3cf5bb4421d76',
    title: 'CVE-2024-3094 - xz-utils',
    desc: 'Malicious code was discovered in the upstream tarballs of xz.',
    created_time: 1714564800000,
    modified_time: 1714651200000,
  },
  metadata: {
    product: {
      name: 'Inspector',
      uid: 'arn:aws:securityhub:us-west-2::productv2/aws/inspector',
      vendor_name: 'AWS',
    },
    version: '1.6.0',
  },
  resources: [
    {
      type: 'AWS::EC2::Instance',
      uid: 'i-0abcdef1234567890',
      region: 'us-west-2',
    },
    {
      type: 'Container Image',
      uid: 'sha256:8d8a6e3d8b0ff5b8c4f0e5e7b0c5b2a1',
    },
  ],
  severity: 'Fatal',
  severity_id: 6,
  status: 'Resolved',
  status_id: 4,
  vulnerabilities: [{ cve: { uid: 'CVE-2024-3094' } }],
};
