import type {
  Finding,
  FindingDetail,
  FindingsFilter,
  FindingsPage,
  FindingsSummary,
  SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { mockApis } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  securityHubFindingsApiRef,
  securityHubRemediationsApiRef,
  type SecurityHubFindingsApi,
  type SecurityHubRemediationsApi,
} from '../api';
import type { FindingsPagerProps } from '../components/FindingsTable';
import { fakeRemediationsApi } from './fakeRemediationsApi';

const ACCOUNT = '111122223333';

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const id =
    overrides.id ??
    `arn:aws:securityhub:us-east-1:${ACCOUNT}:security-control/S3.5/finding/0001`;
  return {
    id,
    productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    generatorId: 'security-control/S3.5',
    awsAccountId: ACCOUNT,
    region: 'us-east-1',
    controlId: 'S3.5',
    title: 'S3 general purpose buckets should require requests to use SSL',
    description: 'Checks whether bucket policies require SSL.',
    severity: 'MEDIUM',
    complianceStatus: 'FAILED',
    workflowStatus: 'NEW',
    recordState: 'ACTIVE',
    resourceType: 'AwsS3Bucket',
    resourceId: 'arn:aws:s3:::payments-logs',
    resources: [
      {
        type: 'AwsS3Bucket',
        id: 'arn:aws:s3:::payments-logs',
        region: 'us-east-1',
        tags: { team: 'payments' },
      },
    ],
    remediationText: 'Add a bucket policy denying aws:SecureTransport false.',
    remediationUrl:
      'https://docs.aws.amazon.com/console/securityhub/S3.5/remediation',
    createdAt: '2024-04-01T10:00:00.000Z',
    updatedAt: '2024-05-01T10:00:00.000Z',
    firstObservedAt: '2024-04-01T09:00:00.000Z',
    lastObservedAt: '2024-05-01T09:00:00.000Z',
    firstSeenAt: '2024-04-01T11:00:00.000Z',
    lastSeenAt: '2024-05-01T11:00:00.000Z',
    resolvedAt: null,
    sourceId: 'demo',
    ...overrides,
  };
}

export const criticalFinding = makeFinding({
  id: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:security-control/IAM.6/finding/0002`,
  controlId: 'IAM.6',
  title: 'Hardware MFA should be enabled for the root user',
  severity: 'CRITICAL',
  region: 'eu-west-1',
  resourceType: 'AwsAccount',
  resourceId: `AWS::::Account:${ACCOUNT}`,
});

export const mediumFinding = makeFinding();

export const firstPage: FindingsPage = {
  items: [criticalFinding, mediumFinding],
  totalCount: 1234,
  nextCursor: 'cursor-page-2',
};

export const secondPage: FindingsPage = {
  items: [makeFinding({ id: 'finding-51', title: 'Finding on page two' })],
  totalCount: 1234,
  nextCursor: null,
};

export const summary: FindingsSummary = {
  total: 1234,
  bySeverity: {
    CRITICAL: 5,
    HIGH: 29,
    MEDIUM: 1000,
    LOW: 150,
    INFORMATIONAL: 50,
  },
  byComplianceStatus: { FAILED: 1234 },
  byWorkflowStatus: { NEW: 1200, NOTIFIED: 34 },
  byRecordState: { ACTIVE: 1234 },
  byAccount: [
    { key: ACCOUNT, total: 1000, failed: 1000, critical: 5, high: 20 },
    { key: '444455556666', total: 234, failed: 234, critical: 0, high: 9 },
  ],
  byRegion: [
    { key: 'us-east-1', total: 1234, failed: 1234, critical: 5, high: 29 },
  ],
  byResourceType: [
    { key: 'AwsS3Bucket', total: 1234, failed: 1234, critical: 5, high: 29 },
  ],
  byControl: [
    {
      key: 'S3.5',
      title: 'S3 general purpose buckets should require requests to use SSL',
      severity: 'MEDIUM',
      total: 1000,
      failed: 1000,
      critical: 0,
      high: 0,
    },
  ],
  // The filtered dimensions (the default filter's) count their other values too.
  facets: {
    severity: {
      CRITICAL: 5,
      HIGH: 29,
      MEDIUM: 1000,
      LOW: 150,
      INFORMATIONAL: 50,
    },
    complianceStatus: { FAILED: 1234, PASSED: 4321 },
    workflowStatus: { NEW: 1200, NOTIFIED: 34, RESOLVED: 77 },
    recordState: { ACTIVE: 1234, ARCHIVED: 12 },
    accountId: { [ACCOUNT]: 1000, '444455556666': 234 },
    region: { 'us-east-1': 1234 },
    controlId: { 'S3.5': 1000, 'IAM.6': 234 },
    resourceType: { AwsS3Bucket: 1234 },
  },
};

export function detailOf(finding: Finding): FindingDetail {
  return {
    ...finding,
    raw: {
      SchemaVersion: '2018-10-08',
      Id: finding.id,
      ProductArn: finding.productArn,
      GeneratorId: finding.generatorId,
      AwsAccountId: finding.awsAccountId,
      CreatedAt: finding.createdAt,
      UpdatedAt: finding.updatedAt,
      Severity: { Label: finding.severity },
      Title: finding.title,
      Description: finding.description,
      Resources: finding.resources.map(r => ({ Type: r.type, Id: r.id })),
      Compliance: {
        Status: 'FAILED',
        StatusReasons: [
          {
            ReasonCode: 'CONFIG_EVALUATIONS_EMPTY',
            Description: 'AWS Config evaluated no resources.',
          },
        ],
      },
    },
  };
}

export const syncStatus: SyncStatus = {
  totalStored: 2000,
  detailed: true,
  sources: [
    {
      sourceId: 'securityhub:111122223333:us-east-1',
      kind: 'securityhub',
      target: '111122223333/us-east-1',
      state: 'succeeded',
      lastStartedAt: '2024-05-01T11:00:00.000Z',
      lastFinishedAt: '2024-05-01T11:01:00.000Z',
      lastSucceededAt: '2024-05-01T11:01:00.000Z',
      watermark: '2024-05-01T10:00:00.000Z',
      lastImported: 10,
      lastUnchanged: 40,
      lastUnchangedUnits: 0,
      lastBatches: 1,
      lastRetries: 0,
      lastRejected: 0,
      rejected: [],
      lastError: null,
    },
    {
      sourceId: 'securityhub:444455556666:eu-west-1',
      kind: 'securityhub',
      target: '444455556666/eu-west-1',
      state: 'failed',
      lastStartedAt: '2024-05-01T11:00:00.000Z',
      lastFinishedAt: '2024-05-01T11:00:30.000Z',
      lastSucceededAt: null,
      watermark: null,
      lastImported: 0,
      lastUnchanged: 0,
      lastUnchangedUnits: 0,
      lastBatches: 0,
      lastRetries: 3,
      lastRejected: 0,
      rejected: [],
      lastError: 'AccessDeniedException: not authorized to GetFindings',
    },
  ],
};

/** A mock of the API that answers with the fixtures above. */
export function mockFindingsApi(): jest.Mocked<SecurityHubFindingsApi> {
  return {
    listFindings: jest.fn(async request =>
      request.cursor === 'cursor-page-2' ? secondPage : firstPage,
    ),
    getSummary: jest.fn(async (_filter: FindingsFilter) => summary),
    getFinding: jest.fn(async id =>
      detailOf(
        [criticalFinding, mediumFinding].find(f => f.id === id) ??
          makeFinding({ id }),
      ),
    ),
    getSyncStatus: jest.fn(async (): Promise<SyncStatus> => syncStatus),
    triggerSync: jest.fn(async () => 'started' as const),
    triageFindings: jest.fn(async request => ({
      results: request.findingIds.map(findingId => ({
        findingId,
        status: 'updated' as const,
      })),
      updated: request.findingIds.length,
      failed: 0,
    })),
    exportFindings: jest.fn(async request => ({
      fileName: `securityhub-findings-20261204T120000Z.${request.format}`,
    })),
  };
}

/**
 * The APIs the findings components need in tests: the mocked findings API,
 * a fake remediations API and a permission API that allows everything unless told otherwise.
 */
export function findingsTestApis(
  api: SecurityHubFindingsApi,
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  remediations: SecurityHubRemediationsApi = fakeRemediationsApi(),
) {
  return [
    [securityHubFindingsApiRef, api],
    [securityHubRemediationsApiRef, remediations],
    [permissionApiRef, mockApis.permission({ authorize: permission })],
  ] as const;
}

/** Pager props of a table whose rows all fit on its one page. */
export function onePagePager(itemCount: number): FindingsPagerProps {
  return {
    pageIndex: 0,
    pageSize: 50,
    pageSizeOptions: [25, 50, 100],
    itemCount,
    totalCount: itemCount,
    hasPrevious: false,
    hasNext: false,
    onPrevious: jest.fn(),
    onNext: jest.fn(),
    onPageSizeChange: jest.fn(),
  };
}
