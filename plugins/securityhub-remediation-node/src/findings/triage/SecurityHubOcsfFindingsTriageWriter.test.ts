import {
  BatchUpdateFindingsV2Command,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { RateLimiter } from '../securityhub/RateLimiter';
import type { FindingTriageTarget } from './FindingsTriageWriter';
import {
  ocsfTriageComment,
  SecurityHubOcsfFindingsTriageWriter,
} from './SecurityHubOcsfFindingsTriageWriter';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ACCOUNT = '123456789012';
const PRODUCT_UID = 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub';

function targetsOf(count: number, sourceId: string): FindingTriageTarget[] {
  return Array.from({ length: count }, (_, i) => {
    const findingId = `${sourceId}/finding-${i}`;
    return {
      findingId,
      productArn: PRODUCT_UID,
      accountId: ACCOUNT,
      region: 'us-east-1',
      sourceId,
      ocsf: {
        cloudAccountUid: ACCOUNT,
        findingInfoUid: findingId,
        metadataProductUid: PRODUCT_UID,
      },
    };
  });
}

const throttling = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('SecurityHubOcsfFindingsTriageWriter with a mocked client', () => {
  const client = new SecurityHubClient({ region: 'us-east-1', credentials });
  const mock = mockClient(client);
  const writer = new SecurityHubOcsfFindingsTriageWriter([
    {
      sourceId: 'ocsf:us-east-1',
      accountId: ACCOUNT,
      region: 'us-east-1',
      client,
      rateLimiter: new RateLimiter({ requestsPerSecond: 1000, burst: 1000 }),
    },
  ]);

  beforeEach(() => mock.reset());

  it('sends the OCSF identifiers, StatusId and a Comment naming the user, 100 findings per call', async () => {
    mock.on(BatchUpdateFindingsV2Command).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [],
    });
    const findings = targetsOf(150, 'ocsf:us-east-1');

    const results = await writer.applyTriage({
      findings,
      change: { workflowStatus: 'NOTIFIED', note: 'Accepted risk' },
      updatedBy: 'user:default/alice',
    });

    expect(results).toEqual(
      findings.map(f => ({ findingId: f.findingId, status: 'updated' })),
    );
    const calls = mock.commandCalls(BatchUpdateFindingsV2Command);
    expect(calls.map(c => c.args[0].input.FindingIdentifiers?.length)).toEqual([
      100, 50,
    ]);
    expect(calls[0].args[0].input).toEqual({
      FindingIdentifiers: expect.any(Array),
      StatusId: 2,
      Comment: '[user:default/alice] Accepted risk',
    });
    expect(calls[1].args[0].input.FindingIdentifiers?.[0]).toEqual({
      CloudAccountUid: ACCOUNT,
      FindingInfoUid: 'ocsf:us-east-1/finding-100',
      MetadataProductUid: PRODUCT_UID,
    });
  });

  it.each([
    ['NEW', 1],
    ['NOTIFIED', 2],
    ['SUPPRESSED', 3],
    ['RESOLVED', 4],
  ] as const)(
    'writes %s as StatusId %i, and no Comment without a note',
    async (workflowStatus, statusId) => {
      mock.on(BatchUpdateFindingsV2Command).resolves({});
      await writer.applyTriage({
        findings: targetsOf(1, 'ocsf:us-east-1'),
        change: { workflowStatus },
        updatedBy: 'user:default/alice',
      });
      const { input } = mock.commandCalls(BatchUpdateFindingsV2Command)[0]
        .args[0];
      expect(input.StatusId).toBe(statusId);
      expect(input).not.toHaveProperty('Comment');
    },
  );

  it('keeps the user when a long note is cut to the 512-character Comment', () => {
    const comment = ocsfTriageComment('x'.repeat(600), 'user:default/alice');
    expect(comment).toHaveLength(512);
    expect(comment.startsWith('[user:default/alice] xxx')).toBe(true);
  });

  it('answers unprocessed findings as failed with Security Hub’s error', async () => {
    const [ok, missing] = targetsOf(2, 'ocsf:us-east-1');
    mock.on(BatchUpdateFindingsV2Command).resolves({
      ProcessedFindings: [
        {
          FindingIdentifier: {
            CloudAccountUid: ACCOUNT,
            FindingInfoUid: ok.findingId,
            MetadataProductUid: PRODUCT_UID,
          },
        },
      ],
      UnprocessedFindings: [
        {
          FindingIdentifier: {
            CloudAccountUid: ACCOUNT,
            FindingInfoUid: missing.findingId,
            MetadataProductUid: PRODUCT_UID,
          },
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: 'Finding not found',
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
        reason: expect.stringContaining(
          'ResourceNotFoundException: Finding not found',
        ),
      },
    ]);
  });

  it('fails, with a clear reason, findings of a source with no client, findings without OCSF identifiers, and those of a call that still fails', async () => {
    mock.on(BatchUpdateFindingsV2Command).rejects(throttling());
    const [addressable] = targetsOf(1, 'ocsf:us-east-1');
    const [unknownSource] = targetsOf(1, 'files');
    const withoutOcsf = {
      ...targetsOf(2, 'ocsf:us-east-1')[1],
      ocsf: undefined,
    };
    const results = await writer.applyTriage({
      findings: [unknownSource, withoutOcsf, addressable],
      change: { workflowStatus: 'SUPPRESSED' },
      updatedBy: 'user:default/alice',
    });
    expect(results).toEqual([
      {
        findingId: unknownSource.findingId,
        status: 'failed',
        reason:
          "No Security Hub OCSF source 'files' is configured to write this finding back",
      },
      {
        findingId: withoutOcsf.findingId,
        status: 'failed',
        reason: expect.stringContaining('has no OCSF identifiers'),
      },
      {
        findingId: addressable.findingId,
        status: 'failed',
        reason:
          'Security Hub BatchUpdateFindingsV2 failed: ThrottlingException: Rate exceeded',
      },
    ]);
    // Only the addressable finding was sent.
    const calls = mock.commandCalls(BatchUpdateFindingsV2Command);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input.FindingIdentifiers).toHaveLength(1);
    expect(writer.handles('ocsf:us-east-1')).toBe(true);
    expect(writer.handles('files')).toBe(false);
  });
});

describe('SecurityHubOcsfFindingsTriageWriter with the real SDK retries', () => {
  // aws-sdk-client-mock replaces `send`, retries included: a transport
  // answering 429 first shows the SDK retries the throttled call.
  it('retries a throttled call until it goes through', async () => {
    const statuses = [429, 429, 200];
    const paths: string[] = [];
    const client = new SecurityHubClient({
      region: 'us-east-1',
      credentials,
      maxAttempts: 3,
      requestHandler: {
        handle: async (request: { path: string }) => {
          paths.push(request.path);
          const statusCode = statuses.shift()!;
          const body =
            statusCode === 200
              ? { ProcessedFindings: [], UnprocessedFindings: [] }
              : { message: 'Rate exceeded' };
          return {
            response: {
              statusCode,
              headers: {
                'content-type': 'application/json',
                ...(statusCode === 429
                  ? { 'x-amzn-errortype': 'ThrottlingException' }
                  : {}),
              },
              body: new TextEncoder().encode(JSON.stringify(body)),
            },
          };
        },
      },
    });
    const writer = new SecurityHubOcsfFindingsTriageWriter([
      {
        sourceId: 'ocsf:us-east-1',
        region: 'us-east-1',
        client,
        rateLimiter: new RateLimiter({ requestsPerSecond: 1000, burst: 1000 }),
      },
    ]);
    const results = await writer.applyTriage({
      findings: targetsOf(2, 'ocsf:us-east-1'),
      change: { note: 'Seen' },
      updatedBy: 'user:default/alice',
    });
    expect(results.map(r => r.status)).toEqual(['updated', 'updated']);
    expect(paths).toEqual(Array(3).fill('/findingsv2/batchupdatev2'));
  });
});
