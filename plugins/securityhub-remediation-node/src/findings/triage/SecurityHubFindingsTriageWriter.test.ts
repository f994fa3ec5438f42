import {
  BatchUpdateFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { RateLimiter } from '../securityhub/RateLimiter';
import type { FindingTriageTarget } from './FindingsTriageWriter';
import { SecurityHubFindingsTriageWriter } from './SecurityHubFindingsTriageWriter';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const PRODUCT_ARN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';

function targetsOf(count: number, sourceId: string): FindingTriageTarget[] {
  return Array.from({ length: count }, (_, i) => ({
    findingId: `${sourceId}/finding-${i}`,
    productArn: PRODUCT_ARN,
    accountId: '111122223333',
    region: 'us-east-1',
    sourceId,
  }));
}

describe('SecurityHubFindingsTriageWriter with a mocked client', () => {
  const east = new SecurityHubClient({ region: 'us-east-1', credentials });
  const west = new SecurityHubClient({ region: 'us-west-2', credentials });
  const eastMock = mockClient(east);
  const westMock = mockClient(west);
  // A generous limiter: these tests are about what is sent, not pacing.
  const limiter = () =>
    new RateLimiter({ requestsPerSecond: 1000, burst: 1000 });
  const writer = new SecurityHubFindingsTriageWriter([
    {
      sourceId: 'hub:us-east-1',
      accountId: '111122223333',
      region: 'us-east-1',
      client: east,
      rateLimiter: limiter(),
    },
    {
      sourceId: 'hub:us-west-2',
      accountId: '111122223333',
      region: 'us-west-2',
      client: west,
      rateLimiter: limiter(),
    },
  ]);

  beforeEach(() => {
    eastMock.reset();
    westMock.reset();
  });

  it('sends the status and the note, 100 identifiers per call, to each source its findings came from', async () => {
    eastMock.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [],
    });
    westMock.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [],
    });
    const findings = [
      ...targetsOf(150, 'hub:us-east-1'),
      ...targetsOf(2, 'hub:us-west-2'),
    ];

    const results = await writer.applyTriage({
      findings,
      change: { workflowStatus: 'SUPPRESSED', note: 'Accepted risk' },
      updatedBy: 'user:default/alice',
    });

    expect(results.map(r => r.status)).toEqual(findings.map(() => 'updated'));
    expect(results.map(r => r.findingId)).toEqual(
      findings.map(f => f.findingId),
    );
    const eastCalls = eastMock.commandCalls(BatchUpdateFindingsCommand);
    expect(
      eastCalls.map(c => c.args[0].input.FindingIdentifiers?.length),
    ).toEqual([100, 50]);
    expect(eastCalls[0].args[0].input).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Accepted risk', UpdatedBy: 'user:default/alice' },
    });
    expect(eastCalls[0].args[0].input.FindingIdentifiers?.[0]).toEqual({
      Id: 'hub:us-east-1/finding-0',
      ProductArn: PRODUCT_ARN,
    });
    expect(westMock).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
  });

  it('sends only what changes: a note alone leaves the workflow out', async () => {
    eastMock.on(BatchUpdateFindingsCommand).resolves({});
    await writer.applyTriage({
      findings: targetsOf(1, 'hub:us-east-1'),
      change: { note: 'Looking into it' },
      updatedBy: 'user:default/alice',
    });
    const input = eastMock.commandCalls(BatchUpdateFindingsCommand)[0].args[0]
      .input;
    expect(input.Workflow).toBeUndefined();
    expect(input.Note?.Text).toBe('Looking into it');
  });

  it('answers unprocessed findings as failed with Security Hub’s error', async () => {
    const [ok, missing] = targetsOf(2, 'hub:us-east-1');
    eastMock.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [{ Id: ok.findingId, ProductArn: PRODUCT_ARN }],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: missing.findingId, ProductArn: PRODUCT_ARN },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'Finding Not Found',
        },
      ],
    });
    const results = await writer.applyTriage({
      findings: [ok, missing],
      change: { workflowStatus: 'RESOLVED' },
      updatedBy: 'user:default/alice',
    });
    expect(results).toEqual([
      { findingId: ok.findingId, status: 'updated' },
      {
        findingId: missing.findingId,
        status: 'failed',
        reason: expect.stringContaining('FindingNotFound: Finding Not Found'),
      },
    ]);
  });

  it('fails the findings of a call that still fails, and of a source it does not know, and keeps the others', async () => {
    eastMock.on(BatchUpdateFindingsCommand).rejects(
      Object.assign(new Error('User is not authorized'), {
        name: 'AccessDeniedException',
      }),
    );
    westMock.on(BatchUpdateFindingsCommand).resolves({});
    const [east1] = targetsOf(1, 'hub:us-east-1');
    const [west1] = targetsOf(1, 'hub:us-west-2');
    const [unknown] = targetsOf(1, 'files');
    const results = await writer.applyTriage({
      findings: [east1, unknown, west1],
      change: { workflowStatus: 'NOTIFIED' },
      updatedBy: 'user:default/alice',
    });
    expect(results).toEqual([
      {
        findingId: east1.findingId,
        status: 'failed',
        reason: expect.stringContaining(
          'AccessDeniedException: User is not authorized',
        ),
      },
      {
        findingId: unknown.findingId,
        status: 'failed',
        reason: expect.stringContaining("No Security Hub source 'files'"),
      },
      { findingId: west1.findingId, status: 'updated' },
    ]);
    expect(writer.handles('hub:us-west-2')).toBe(true);
    expect(writer.handles('files')).toBe(false);
  });
});
