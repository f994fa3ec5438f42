import type {
  Remediation,
  RemediationDetail,
  RemediationPreview,
  RemediationsPage,
  RemediationStage,
  SecurityHubRemediationsApi,
} from '@internal/plugin-securityhub-remediation-common';
import { REMEDIATION_STAGES } from '@internal/plugin-securityhub-remediation-common';

export const REMEDIATION_ID = '6a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const S35_FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/0001';

const S35_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Remediation:
    Type: AWS::SSM::Association
`;
const S35_PARAMS =
  '[{"ParameterKey":"BucketName","ParameterValue":"payments-logs"}]';

/** What the engine answers for S3.5: the AWS runbook, valid, ready to submit. */
export const s35Preview: RemediationPreview = {
  findingId: S35_FINDING_ID,
  controlId: 'S3.5',
  controlTitle: 'S3 general purpose buckets should require requests to use SSL',
  awsAccountId: '111122223333',
  region: 'us-east-1',
  resourceId: 'arn:aws:s3:::payments-logs',
  automationKind: 'aws-runbook',
  name: 'SecHubRemediation-S3-5',
  runbook: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
  templateYaml: S35_TEMPLATE,
  parametersJson: S35_PARAMS,
  parameters: { BucketName: 'payments-logs' },
  missingParameters: [],
  templateHash: 'a'.repeat(64),
  validation: { valid: true, kind: 'cloudformation', problems: [] },
  changePreview: {
    stackName: 'SecHubRemediation-S3-5',
    deployment: 'stack',
    accounts: ['111122223333'],
    regions: ['us-east-1'],
    creates: [{ logicalId: 'Remediation', type: 'AWS::SSM::Association' }],
    targets: [{ type: 'AwsS3Bucket', id: 'arn:aws:s3:::payments-logs' }],
    iamActions: [
      {
        action: 's3:PutBucketPolicy',
        resources: ['arn:aws:s3:::payments-logs'],
      },
    ],
    documentName: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
  },
  caveats: ['Clients that use plain HTTP lose access to the bucket.'],
};

/** A control the engine knows but cannot automate. */
export const cannotAutomatePreview: RemediationPreview = {
  findingId: 'finding-iam-6',
  controlId: 'IAM.6',
  controlTitle: 'Hardware MFA should be enabled for the root user',
  awsAccountId: '111122223333',
  region: 'us-east-1',
  automationKind: 'cannot-automate',
  reason: 'A hardware MFA device must be registered by a person holding it.',
  manualSteps: [
    'Sign in as the root user',
    'Register a hardware MFA device under Security credentials',
  ],
  blockedReason: 'IAM.6 cannot be automated: it needs a person.',
};

function stagesUpTo(
  current: RemediationStage['name'],
  status: RemediationStage['status'],
): RemediationStage[] {
  const index = REMEDIATION_STAGES.indexOf(current);
  return REMEDIATION_STAGES.map((name, i) => {
    if (i < index) {
      return {
        name,
        status: 'succeeded',
        startedAt: '2025-01-01T10:00:00Z',
        endedAt: '2025-01-01T10:01:00Z',
        summary: `${name} done`,
        mode: 'local',
      };
    }
    if (i === index) {
      return { name, status, startedAt: '2025-01-01T10:02:00Z', mode: 'local' };
    }
    return { name, status: 'pending' };
  });
}

export function makeRemediation(
  overrides: Partial<Remediation> = {},
): Remediation {
  return {
    id: REMEDIATION_ID,
    findingId: S35_FINDING_ID,
    controlId: 'S3.5',
    controlTitle: s35Preview.controlTitle,
    awsAccountId: '111122223333',
    region: 'us-east-1',
    resourceId: 'arn:aws:s3:::payments-logs',
    automationKind: 'aws-runbook',
    templateName: 'SecHubRemediation-S3-5',
    templateHash: 'a'.repeat(64),
    status: 'awaiting_approval',
    submittedBy: 'user:default/alice',
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:02:00Z',
    repository: {
      mode: 'local',
      name: 'remediations',
      branch: 'main',
      commitId: '0123456789abcdef0123456789abcdef01234567',
      files: [
        'deploy/SecHubRemediation-S3-5.yaml',
        'deploy/parameters/SecHubRemediation-S3-5-params.json',
      ],
    },
    pipeline: {
      mode: 'local',
      name: 'securityhub-remediations',
      executionId: 'exec-1',
    },
    approvalToken: 'token-1',
    stages: stagesUpTo('approval', 'in_progress'),
    ...overrides,
  };
}

export function makeDetail(
  overrides: Partial<RemediationDetail> = {},
): RemediationDetail {
  return {
    ...makeRemediation(),
    events: [
      {
        at: '2025-01-01T10:00:00Z',
        stage: 'stage',
        status: 'succeeded',
        message: 'Committed 0123456 to remediations',
        actor: 'user:default/alice',
        mode: 'local',
      },
    ],
    templateYaml: S35_TEMPLATE,
    parametersJson: S35_PARAMS,
    changePreview: s35Preview.changePreview,
    validation: s35Preview.validation,
    ...overrides,
  };
}

/** A verified local remediation: every stage done, nothing changed in AWS. */
export function verifiedDetail(): RemediationDetail {
  return makeDetail({
    status: 'verified',
    approvalToken: undefined,
    stages: REMEDIATION_STAGES.map(name => ({
      name,
      status: 'succeeded',
      startedAt: '2025-01-01T10:00:00Z',
      endedAt: '2025-01-01T10:05:00Z',
      summary: `${name} done`,
      mode: 'local',
    })),
    approval: {
      decision: 'approved',
      by: 'user:default/bob',
      at: '2025-01-01T10:03:00Z',
      comment: 'ok',
    },
    deploy: {
      mode: 'local',
      applied: false,
      deployment: 'stack-set',
      stackName: 'SecHubRemediation-S3-5',
      accounts: ['111122223333', '444455556666'],
      regions: ['us-east-1'],
      parameters: { BucketName: 'payments-logs' },
      note: 'Planned only',
    },
    automation: {
      mode: 'local',
      documentName: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
      executionId: 'local-exec-7',
      status: 'Recorded',
    },
    verification: {
      complianceStatus: 'PASSED',
      at: '2025-01-01T10:05:00Z',
      mode: 'local',
      note: 'Marked PASSED by a local run',
    },
  });
}

export function pageOf(
  items: Remediation[],
  nextCursor?: string,
): RemediationsPage {
  return { items, nextCursor, totalCount: items.length };
}

/** A remediations API of jest mocks answering the fixtures above. */
export function fakeRemediationsApi(
  overrides: Partial<SecurityHubRemediationsApi> = {},
): jest.Mocked<SecurityHubRemediationsApi> {
  return {
    preview: jest.fn(async (findingId: string) =>
      findingId === cannotAutomatePreview.findingId
        ? cannotAutomatePreview
        : { ...s35Preview, findingId },
    ),
    create: jest.fn(async () => makeDetail({ status: 'staged' })),
    list: jest.fn(async () => pageOf([])),
    get: jest.fn(async () => makeDetail()),
    decide: jest.fn(async () => makeDetail({ status: 'deploying' })),
    retry: jest.fn(async () => makeDetail({ status: 'staged' })),
    ...overrides,
  } as jest.Mocked<SecurityHubRemediationsApi>;
}
