import {
  GetFindingsCommand,
  SecurityHubClient,
  type GetFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { FindingsBatch } from '../FindingsSource';
import {
  ACCOUNT,
  REGION,
  SYNC_START,
  credentials,
  findings,
  readAll,
  sdkFindings,
} from './__testUtils__/sourceFixtures';
import {
  SecurityHubFindingsSource,
  SecurityHubReadError,
} from './SecurityHubFindingsSource';

describe('SecurityHubFindingsSource with a mocked client', () => {
  const client = new SecurityHubClient({ region: REGION, credentials });
  const mock = mockClient(client);
  /** Inputs as sent: the paginator reuses one input object, so copy per call. */
  let sent: GetFindingsCommandInput[];

  beforeEach(() => {
    mock.reset();
    sent = [];
  });

  /** Serves `findings` in pages of MaxResults with numeric NextTokens. */
  function servePages(all = findings) {
    mock.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput) => {
      sent.push(structuredClone(input));
      const offset = Number(input.NextToken ?? 0);
      const size = input.MaxResults ?? 100;
      const next = offset + size;
      return {
        Findings: all.slice(offset, next),
        NextToken: next < all.length ? String(next) : undefined,
        $metadata: { attempts: 1 },
      };
    });
  }

  function source(
    options: Partial<
      ConstructorParameters<typeof SecurityHubFindingsSource>[0]
    > = {},
  ) {
    return new SecurityHubFindingsSource({
      accountId: ACCOUNT,
      region: REGION,
      client,
      now: () => SYNC_START,
      ...options,
    });
  }

  it('names itself after account and region', () => {
    const s = source();
    expect(s.kind).toBe('securityhub');
    expect(s.id).toBe(`securityhub:${ACCOUNT}:${REGION}`);
    expect(s.target).toBe(`${ACCOUNT}/${REGION}`);
  });

  it('asks for Security Hub control findings, 100 a page, oldest update first', async () => {
    servePages(findings.slice(0, 5));
    await readAll(source());
    expect(mock).toHaveReceivedCommandTimes(GetFindingsCommand, 1);
    expect(sent).toEqual([
      {
        Filters: {
          ProductName: [{ Value: 'Security Hub', Comparison: 'EQUALS' }],
        },
        SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
        MaxResults: 100,
        NextToken: undefined,
      },
    ]);
  });

  it('reads only what changed since the watermark, up to the sync start', async () => {
    servePages(findings.slice(0, 5));
    await readAll(source(), { updatedSince: '2026-02-01T00:00:00.000Z' });
    expect(mock).toHaveReceivedCommandWith(GetFindingsCommand, {
      Filters: {
        UpdatedAt: [
          {
            Start: '2026-02-01T00:00:00.000Z',
            End: '2026-03-01T12:00:00.000Z',
          },
        ],
        ProductName: [{ Value: 'Security Hub', Comparison: 'EQUALS' }],
      },
    });
    expect(sent[0].Filters?.UpdatedAt?.[0]).not.toHaveProperty('DateRange');
  });

  it('sends configured product names and member accounts; an empty product list means every product', async () => {
    servePages(findings.slice(0, 5));
    await readAll(
      source({
        productNames: ['Security Hub', 'Inspector'],
        memberAccountIds: ['444455556666', '777788889999'],
      }),
    );
    await readAll(source({ productNames: [] }));
    expect(sent[0].Filters).toEqual({
      ProductName: [
        { Value: 'Security Hub', Comparison: 'EQUALS' },
        { Value: 'Inspector', Comparison: 'EQUALS' },
      ],
      AwsAccountId: [
        { Value: '444455556666', Comparison: 'EQUALS' },
        { Value: '777788889999', Comparison: 'EQUALS' },
      ],
    });
    expect(sent[1].Filters).toEqual({});
  });

  it('rejects an updatedSince that is not a timestamp before calling AWS', async () => {
    servePages();
    await expect(
      readAll(source(), { updatedSince: 'yesterday' }),
    ).rejects.toThrow(/updatedSince must be an ISO 8601 timestamp/);
    expect(mock).toHaveReceivedCommandTimes(GetFindingsCommand, 0);
  });

  it('follows NextToken and yields one validated batch per page', async () => {
    servePages();
    const batches = await readAll(source());
    expect(sent.map(input => input.NextToken)).toEqual([
      undefined,
      '100',
      '200',
    ]);
    expect(batches.map(b => b.origin)).toEqual([
      `${ACCOUNT}/${REGION} page 1`,
      `${ACCOUNT}/${REGION} page 2`,
      `${ACCOUNT}/${REGION} page 3`,
    ]);
    expect(batches.map(b => b.findings.length)).toEqual([100, 100, 50]);
    expect(batches.flatMap(b => b.findings.map(f => f.normalized.id))).toEqual(
      findings.map(f => f.Id),
    );
  });

  it('adds the retries the SDK reports in $metadata.attempts to stats', async () => {
    mock
      .on(GetFindingsCommand)
      .resolvesOnce({
        Findings: sdkFindings.slice(0, 2),
        NextToken: 'next',
        $metadata: { attempts: 3 },
      })
      .resolvesOnce({
        Findings: sdkFindings.slice(2, 4),
        $metadata: { attempts: 2 },
      });
    const stats = { retries: 0 };
    const batches = await readAll(source(), {}, stats);
    expect(batches).toHaveLength(2);
    expect(stats.retries).toBe(3);
  });

  it('rejects a page that keeps failing and stops the read there', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'TooManyRequestsException',
      $metadata: { attempts: 8, httpStatusCode: 429 },
    });
    mock
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: sdkFindings.slice(0, 100), NextToken: 'p2' })
      .rejectsOnce(throttled)
      .resolves({ Findings: sdkFindings.slice(100, 101) });
    const stats = { retries: 0 };
    const batches = await readAll(source(), {}, stats);
    // Page 1 is kept; page 2 is a rejected unit; nothing is read past it.
    expect(batches).toHaveLength(2);
    expect(batches[0]).toMatchObject({
      origin: `${ACCOUNT}/${REGION} page 1`,
    });
    expect(batches[0].findings).toHaveLength(100);
    expect(batches[1]).toEqual({
      origin: `${ACCOUNT}/${REGION} page 2`,
      findings: [],
      rejected: {
        reason: expect.stringMatching(
          /^GetFindings failed \(after 8 attempt\(s\), HTTP 429\): TooManyRequestsException: Rate exceeded\. The pages after it cannot be read without its NextToken/,
        ),
      },
    });
    expect(mock).toHaveReceivedCommandTimes(GetFindingsCommand, 2);
    expect(stats.retries).toBe(7);
  });

  it.each([
    ['AccessDeniedException', 403, 'not authorized to perform GetFindings'],
    [
      'InvalidAccessException',
      401,
      'Account is not subscribed to AWS Security Hub',
    ],
    [
      'UnrecognizedClientException',
      400,
      'The security token included in the request is invalid',
    ],
  ])(
    'fails the whole source on %s, naming account, region and page',
    async (name, httpStatusCode, message) => {
      mock.on(GetFindingsCommand).rejects(
        Object.assign(new Error(message), {
          name,
          $metadata: { attempts: 1, httpStatusCode },
        }),
      );
      const failure = await readAll(source()).catch(e => e);
      expect(failure).toBeInstanceOf(SecurityHubReadError);
      expect(failure.message).toBe(
        `Security Hub GetFindings failed for ${ACCOUNT}/${REGION} page 1 after 1 attempt(s) (HTTP ${httpStatusCode}); caused by ${name}: ${message}`,
      );
      expect(failure.details).toMatchObject({
        failure: 'request-failed',
        page: 1,
      });
    },
  );

  it('throws on an invalid finding instead of yielding part of its page', async () => {
    const broken = { ...sdkFindings[1], AwsAccountId: 'not-an-account' };
    mock
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: [sdkFindings[0], broken], NextToken: 'p2' })
      .resolvesOnce({ Findings: sdkFindings.slice(2, 3) });
    const batches: FindingsBatch[] = [];
    await expect(async () => {
      for await (const batch of source().read({}, { retries: 0 })) {
        batches.push(batch);
      }
    }).rejects.toThrow(
      `Security Hub ${ACCOUNT}/${REGION} page 1: finding '${findings[1].Id}' is not valid ASFF: AwsAccountId: must be a 12-digit account id`,
    );
    expect(batches).toEqual([]);
    expect(mock).toHaveReceivedCommandTimes(GetFindingsCommand, 1);
  });

  it('stops between pages when the signal aborts', async () => {
    servePages();
    const controller = new AbortController();
    const batches: FindingsBatch[] = [];
    await expect(async () => {
      for await (const batch of source().read(
        { signal: controller.signal },
        { retries: 0 },
      )) {
        batches.push(batch);
        controller.abort(new Error('sync cancelled'));
      }
    }).rejects.toThrow('sync cancelled');
    expect(batches).toHaveLength(1);
    expect(mock).toHaveReceivedCommandTimes(GetFindingsCommand, 1);
  });

  it('does not call AWS when the signal is already aborted', async () => {
    servePages();
    await expect(
      readAll(source(), { signal: AbortSignal.abort(new Error('shutdown')) }),
    ).rejects.toThrow('shutdown');
    expect(mock).toHaveReceivedCommandTimes(GetFindingsCommand, 0);
  });
});

/**
 * aws-sdk-client-mock replaces `client.send`, which skips the middleware
 * stack: the SDK's retries and the rate limiter never run under it. These
 * tests keep the real client and replace only the HTTP transport.
 */
