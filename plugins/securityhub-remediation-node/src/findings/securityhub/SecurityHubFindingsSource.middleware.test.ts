import type { FindingsBatch } from '../FindingsSource';
import {
  ACCOUNT,
  REGION,
  credentials,
  findings,
  readAll,
} from './__testUtils__/sourceFixtures';
import { createSecurityHubClient } from './client';
import { RateLimiter } from './RateLimiter';
import { SecurityHubFindingsSource } from './SecurityHubFindingsSource';

describe('SecurityHubFindingsSource with the real SDK middleware', () => {
  type Reply = { status: number; errorType?: string; body: object };
  const page = (items: object[], nextToken?: string): Reply => ({
    status: 200,
    body: { Findings: items, ...(nextToken ? { NextToken: nextToken } : {}) },
  });
  const throttle: Reply = {
    status: 429,
    errorType: 'TooManyRequestsException',
    body: { message: 'Rate exceeded' },
  };

  function fakeTransport(replies: Reply[]) {
    const requests: Array<{ path: string; body: any }> = [];
    const requestHandler = {
      handle: async (request: { path: string; body?: string | Uint8Array }) => {
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body);
        requests.push({ path: request.path, body: JSON.parse(text || '{}') });
        const reply = replies.shift();
        if (!reply) throw new Error('unexpected extra request');
        return {
          response: {
            statusCode: reply.status,
            headers: {
              'content-type': 'application/json',
              ...(reply.errorType
                ? { 'x-amzn-errortype': reply.errorType }
                : {}),
            },
            body: new TextEncoder().encode(JSON.stringify(reply.body)),
          },
        };
      },
    };
    return { requestHandler, requests };
  }

  function realSource(replies: Reply[], maxAttempts = 8) {
    const transport = fakeTransport(replies);
    const limiter = new RateLimiter({ requestsPerSecond: 1000, burst: 1000 });
    const take = jest.spyOn(limiter, 'take');
    const client = createSecurityHubClient({
      region: REGION,
      credentials,
      maxAttempts,
      retryBaseDelayMs: 1,
      requestHandler: transport.requestHandler as any,
    });
    const s = new SecurityHubFindingsSource({
      accountId: ACCOUNT,
      region: REGION,
      client,
      rateLimiter: limiter,
    });
    return { source: s, requests: transport.requests, take };
  }

  it('retries a throttled page, takes a token per attempt, and loses nothing', async () => {
    const { source, requests, take } = realSource([
      page(findings.slice(0, 100), 'token-2'),
      throttle,
      throttle,
      page(findings.slice(100, 150)),
    ]);
    const stats = { retries: 0 };
    const batches = await readAll(source, {}, stats);
    expect(batches.map(b => b.findings.length)).toEqual([100, 50]);
    expect(batches.flatMap(b => b.findings.map(f => f.normalized.id))).toEqual(
      findings.slice(0, 150).map(f => f.Id),
    );
    expect(stats.retries).toBe(2);
    expect(take).toHaveBeenCalledTimes(4);
    expect(requests.map(r => r.path)).toEqual([
      '/findings',
      '/findings',
      '/findings',
      '/findings',
    ]);
    // The retried request asks for the same page again.
    expect(requests.slice(1).map(r => r.body.NextToken)).toEqual([
      'token-2',
      'token-2',
      'token-2',
    ]);
  });

  it('stops while waiting for a rate-limit token when the signal aborts', async () => {
    const transport = fakeTransport([page(findings.slice(0, 100), 'token-2')]);
    const s = new SecurityHubFindingsSource({
      accountId: ACCOUNT,
      region: REGION,
      client: createSecurityHubClient({
        region: REGION,
        credentials,
        requestHandler: transport.requestHandler as any,
      }),
      // Page 2 would have to wait 10 s for its token.
      rateLimiter: new RateLimiter({ requestsPerSecond: 0.1, burst: 1 }),
    });
    const controller = new AbortController();
    const started = Date.now();
    const batches: FindingsBatch[] = [];
    await expect(async () => {
      for await (const batch of s.read(
        { signal: controller.signal },
        { retries: 0 },
      )) {
        batches.push(batch);
        setTimeout(() => controller.abort(new Error('sync cancelled')), 50);
      }
    }).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(batches).toHaveLength(1);
    expect(transport.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts and rejects the page that failed', async () => {
    const { source, take } = realSource(
      [page(findings.slice(0, 100), 'token-2'), throttle, throttle, throttle],
      3,
    );
    const stats = { retries: 0 };
    const batches = await readAll(source, {}, stats);
    expect(batches.map(b => b.findings.length)).toEqual([100, 0]);
    expect(batches[1]).toMatchObject({
      origin: `${ACCOUNT}/${REGION} page 2`,
      rejected: {
        reason: expect.stringMatching(
          /^GetFindings failed \(after 3 attempt\(s\), HTTP 429\): TooManyRequestsException: Rate exceeded\./,
        ),
      },
    });
    expect(take).toHaveBeenCalledTimes(4);
    expect(stats.retries).toBe(2);
  });
});
