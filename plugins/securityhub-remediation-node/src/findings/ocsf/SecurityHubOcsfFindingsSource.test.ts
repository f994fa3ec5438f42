// moto (the local AWS mock the ASFF source is tested against) does not
// implement GetFindingsV2, so this source is tested with aws-sdk-client-mock
// and, for the SDK's retry middleware, a fake HTTP transport.
import {
  GetFindingsV2Command,
  SecurityHubClient,
  type GetFindingsV2CommandInput,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { FindingsBatch, FindingsReadStats } from '../FindingsSource';
import { createSecurityHubClient } from '../securityhub/client';
import { RateLimiter } from '../securityhub/RateLimiter';
import { SecurityHubReadError } from '../securityhub/SecurityHubFindingsSource';
import { complianceFinding } from './__fixtures__/ocsfFindings';
import { SecurityHubOcsfFindingsSource } from './SecurityHubOcsfFindingsSource';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const SYNC_START = new Date('2026-03-01T12:00:00.000Z');
const credentials = async () => ({
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
});

/** `count` OCSF control findings, modified one minute apart. */
function ocsfFindings(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const modified = new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString();
    return {
      ...complianceFinding,
      finding_info: {
        ...complianceFinding.finding_info,
        uid: `${complianceFinding.finding_info.uid}-${i + 1}`,
        modified_time_dt: modified,
      },
    };
  });
}
const findings = ocsfFindings(250);

async function readAll(
  source: SecurityHubOcsfFindingsSource,
  options: { updatedSince?: string } = {},
  stats: FindingsReadStats = { retries: 0 },
): Promise<FindingsBatch[]> {
  const batches: FindingsBatch[] = [];
  for await (const batch of source.read(options, stats)) batches.push(batch);
  return batches;
}

describe('SecurityHubOcsfFindingsSource with a mocked client', () => {
  const client = new SecurityHubClient({ region: REGION, credentials });
  const mock = mockClient(client);
  let sent: GetFindingsV2CommandInput[];

  beforeEach(() => {
    mock.reset();
    sent = [];
  });

  function servePages(all: object[] = findings) {
    mock
      .on(GetFindingsV2Command)
      .callsFake((input: GetFindingsV2CommandInput) => {
        sent.push(structuredClone(input));
        const offset = Number(input.NextToken ?? 0);
        const next = offset + (input.MaxResults ?? 100);
        return {
          Findings: all.slice(offset, next),
          NextToken: next < all.length ? String(next) : undefined,
          $metadata: { attempts: 1 },
        };
      });
  }

  const source = (
    options: Partial<
      ConstructorParameters<typeof SecurityHubOcsfFindingsSource>[0]
    > = {},
  ) =>
    new SecurityHubOcsfFindingsSource({
      accountId: ACCOUNT,
      region: REGION,
      client,
      now: () => SYNC_START,
      ...options,
    });

  it('names itself after account and region', () => {
    const s = source();
    expect(s.kind).toBe('securityhub-ocsf');
    expect(s.id).toBe(`securityhub-ocsf:${ACCOUNT}:${REGION}`);
  });

  it('reads every page, 100 findings each, oldest modification first, mapped for the store', async () => {
    servePages();
    const batches = await readAll(source());
    expect(batches.map(b => [b.origin, b.findings.length])).toEqual([
      [`${ACCOUNT}/${REGION} (OCSF) page 1`, 100],
      [`${ACCOUNT}/${REGION} (OCSF) page 2`, 100],
      [`${ACCOUNT}/${REGION} (OCSF) page 3`, 50],
    ]);
    expect(sent.map(s => s.NextToken)).toEqual([undefined, '100', '200']);
    expect(sent[0]).toEqual({
      SortCriteria: [
        { Field: 'finding_info.modified_time_dt', SortOrder: 'asc' },
      ],
      MaxResults: 100,
    });
    const first = batches[0].findings[0].normalized;
    expect(first).toMatchObject({
      id: findings[0].finding_info.uid,
      controlId: 'S3.1',
      complianceStatus: 'FAILED',
      severity: 'HIGH',
      resourceType: 'AwsS3Bucket',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('asks only for findings modified after the watermark and before the sync started, of the named products', async () => {
    servePages(findings.slice(0, 3));
    await readAll(source({ productNames: ['Security Hub', 'Inspector'] }), {
      updatedSince: '2026-02-01T00:00:00.000Z',
    });
    expect(sent[0].Filters).toEqual({
      CompositeOperator: 'AND',
      CompositeFilters: [
        {
          DateFilters: [
            {
              FieldName: 'finding_info.modified_time_dt',
              Filter: {
                Start: '2026-02-01T00:00:00.000Z',
                End: SYNC_START.toISOString(),
              },
            },
          ],
        },
        {
          Operator: 'OR',
          StringFilters: [
            {
              FieldName: 'metadata.product.name',
              Filter: { Value: 'Security Hub', Comparison: 'EQUALS' },
            },
            {
              FieldName: 'metadata.product.name',
              Filter: { Value: 'Inspector', Comparison: 'EQUALS' },
            },
          ],
        },
      ],
    });
  });

  it('rejects a page that keeps failing and stops there', async () => {
    let call = 0;
    mock.on(GetFindingsV2Command).callsFake(() => {
      call += 1;
      if (call === 2) {
        throw Object.assign(new Error('We encountered an internal error'), {
          name: 'InternalException',
          $metadata: { httpStatusCode: 500, attempts: 8 },
        });
      }
      return { Findings: findings.slice(0, 100), NextToken: 'next' };
    });
    const stats = { retries: 0 };
    const batches = await readAll(source(), {}, stats);
    expect(batches).toHaveLength(2);
    expect(batches[1]).toMatchObject({
      origin: `${ACCOUNT}/${REGION} (OCSF) page 2`,
      findings: [],
      rejected: {
        reason: expect.stringMatching(
          /^GetFindingsV2 failed \(after 8 attempt\(s\), HTTP 500\): InternalException/,
        ),
      },
    });
    expect(stats.retries).toBe(7);
  });

  it('throws when access is denied', async () => {
    mock.on(GetFindingsV2Command).rejects(
      Object.assign(new Error('not authorized to perform GetFindingsV2'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403, attempts: 1 },
      }),
    );
    await expect(readAll(source())).rejects.toThrow(SecurityHubReadError);
  });

  it('throws naming the finding and OCSF field of an invalid finding', async () => {
    const broken = structuredClone(findings[1]);
    broken.cloud.account.uid = '';
    servePages([findings[0], broken]);
    await expect(readAll(source())).rejects.toThrow(
      `finding '${findings[1].finding_info.uid}' is not a valid OCSF finding: cloud.account.uid`,
    );
  });
});

describe('SecurityHubOcsfFindingsSource with the real SDK retry middleware', () => {
  it('retries a throttled page, takes a rate-limit token per attempt, and loses nothing', async () => {
    const replies = [
      {
        status: 200,
        body: { Findings: findings.slice(0, 100), NextToken: 't2' },
      },
      {
        status: 429,
        type: 'TooManyRequestsException',
        body: { message: 'Rate exceeded' },
      },
      { status: 200, body: { Findings: findings.slice(100, 120) } },
    ];
    const requests: Array<{ path: string; body: any }> = [];
    const requestHandler = {
      handle: async (request: { path: string; body?: string }) => {
        requests.push({
          path: request.path,
          body: JSON.parse(request.body ?? '{}'),
        });
        const reply = replies.shift()!;
        return {
          response: {
            statusCode: reply.status,
            headers: {
              'content-type': 'application/json',
              ...(reply.type ? { 'x-amzn-errortype': reply.type } : {}),
            },
            body: new TextEncoder().encode(JSON.stringify(reply.body)),
          },
        };
      },
    };
    const limiter = new RateLimiter({ requestsPerSecond: 1000, burst: 1000 });
    const take = jest.spyOn(limiter, 'take');
    const s = new SecurityHubOcsfFindingsSource({
      accountId: ACCOUNT,
      region: REGION,
      client: createSecurityHubClient({
        region: REGION,
        credentials,
        retryBaseDelayMs: 1,
        requestHandler: requestHandler as any,
      }),
      rateLimiter: limiter,
    });
    const stats = { retries: 0 };
    const batches = await readAll(s, {}, stats);
    expect(batches.map(b => b.findings.length)).toEqual([100, 20]);
    expect(stats.retries).toBe(1);
    expect(take).toHaveBeenCalledTimes(3);
    expect(requests.map(r => r.path)).toEqual([
      '/findingsv2',
      '/findingsv2',
      '/findingsv2',
    ]);
    expect(requests.slice(1).map(r => r.body.NextToken)).toEqual(['t2', 't2']);
  });
});
