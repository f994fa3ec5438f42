import { ConfigReader } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { FindingsBatch } from '../FindingsSource';
import { generateControlFindings } from './__testUtils__/asffFindings';
import {
  startThrottlingSecurityHubServer,
  type ThrottlingSecurityHubServer,
} from './__testUtils__/throttlingSecurityHubServer';
import { createSecurityHubFindingsSources } from './config';

/**
 * The real SDK client (signing, REST-JSON, retry middleware) against a local
 * server that enforces a GetFindings quota the way AWS does: HTTP 429
 * TooManyRequestsException once the token bucket is empty.
 */
jest.setTimeout(60_000);

const ACCOUNT = '111122223333';
const ALLOWED = { requestsPerSecond: 20, burst: 2 };
const TIGHT = { requestsPerSecond: 6, burst: 1 };
const PAGES = 30;
const findings = generateControlFindings(PAGES * 100, { accountId: ACCOUNT });

const credentialsManager: AwsCredentialsManager = {
  getCredentialProvider: async () => ({
    accountId: ACCOUNT,
    sdkCredentialProvider: async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    }),
  }),
};

async function sourceFor(
  server: ThrottlingSecurityHubServer,
  rateLimit: { requestsPerSecond: number; burst: number },
) {
  const [source] = await createSecurityHubFindingsSources(
    new ConfigReader({
      id: 'throttling-test',
      type: 'securityhub',
      accountId: ACCOUNT,
      regions: ['us-east-1'],
      endpoint: server.endpoint,
      rateLimit,
    }),
    new ConfigReader({}),
    { credentialsManager },
  );
  return source;
}

async function readAll(source: Awaited<ReturnType<typeof sourceFor>>) {
  const stats = { retries: 0 };
  const batches: FindingsBatch[] = [];
  for await (const batch of source.read({}, stats)) batches.push(batch);
  return { batches, stats };
}

/** Every page exactly once, in order, and every finding exactly once. */
function expectNothingLost(
  batches: FindingsBatch[],
  server: ThrottlingSecurityHubServer,
) {
  expect(batches.map(b => b.origin)).toEqual(
    Array.from(
      { length: PAGES },
      (_, i) => `${ACCOUNT}/us-east-1 page ${i + 1}`,
    ),
  );
  const ids = batches.flatMap(b => b.findings.map(f => f.normalized.id));
  expect(ids).toEqual(findings.map(f => f.Id));
  expect(server.stats.pagesServed).toBe(PAGES);
  expect(server.stats.pages.map(p => p.offset)).toEqual(
    Array.from({ length: PAGES }, (_, i) => i * 100),
  );
}

/** Pages per second from the first request received to the last page served. */
function achievedRate(server: ThrottlingSecurityHubServer) {
  const { receivedAt, admittedAt } = server.stats;
  const seconds = (admittedAt[admittedAt.length - 1] - receivedAt[0]) / 1000;
  return { seconds, pagesPerSecond: server.stats.pagesServed / seconds };
}

/**
 * How far the requests received (throttled ones included) overran a token
 * bucket of the allowed rate and burst: the largest count in any time window
 * minus what the bucket admits in it. Zero or less means the client kept to
 * the quota.
 */
function worstOverrun(times: number[], perSecond: number, burst: number) {
  let worst = -Infinity;
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) {
      const allowed = burst + (perSecond * (times[j] - times[i])) / 1000;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

/** Wire jitter tolerated when checking the client against the bucket. */
const JITTER_MS = 40;
const JITTER_TOKENS = (ALLOWED.requestsPerSecond * JITTER_MS) / 1000;

describe('GetFindings against a throttling Security Hub', () => {
  let server: ThrottlingSecurityHubServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers over-quota and invalid requests the way Security Hub does', async () => {
    server = await startThrottlingSecurityHubServer({
      findings: findings.slice(0, 3),
      requestsPerSecond: 1,
      burst: 2,
    });
    const post = (body: object) =>
      fetch(`${server!.endpoint}/findings`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/securityhub/aws4_request',
        },
        body: JSON.stringify(body),
      });
    const first = await post({ MaxResults: 2 });
    expect(first.status).toBe(200);
    const { Findings, NextToken } = await first.json();
    expect(Findings).toHaveLength(2);
    expect(typeof NextToken).toBe('string');

    const tooLarge = await post({ MaxResults: 101 });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.headers.get('x-amzn-ErrorType')).toBe(
      'InvalidInputException',
    );

    const throttled = await post({ NextToken });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-ErrorType')).toBe(
      'TooManyRequestsException',
    );
    expect(await throttled.json()).toEqual({ message: 'Rate exceeded' });
    expect(server.stats).toMatchObject({
      requests: 3,
      throttled: 1,
      pagesServed: 1,
    });
  });

  it('with the limiter at the allowed rate: every page arrives once, in order, near the allowed rate', async () => {
    server = await startThrottlingSecurityHubServer({ findings, ...ALLOWED });
    const source = await sourceFor(server, ALLOWED);
    const { batches, stats } = await readAll(source);

    expectNothingLost(batches, server);
    const overrun = worstOverrun(
      server.stats.receivedAt,
      ALLOWED.requestsPerSecond,
      ALLOWED.burst,
    );
    // What the client sent, retries included, fits the allowed bucket.
    expect(overrun).toBeLessThanOrEqual(JITTER_TOKENS);
    const rate = achievedRate(server);
    // ... and does not waste most of the quota (a loose bound: on two cores
    // the suites parsing large files beside it take half the CPU).
    expect(rate.pagesPerSecond).toBeGreaterThan(
      ALLOWED.requestsPerSecond * 0.25,
    );
    // Running at exactly the quota leaves no slack: a request that reaches
    // the server a few ms earlier, relative to its slot, than the one before
    // it is throttled (mostly while the connection warms up) and retried.
    // A sanity bound only; the overrun check is what proves the limiter.
    expect(server.stats.throttled).toBeLessThanOrEqual(PAGES / 3);
    expect(stats.retries).toBe(server.stats.throttled);
    // eslint-disable-next-line no-console
    console.log(
      `limiter = allowed (${ALLOWED.requestsPerSecond}/s, burst ${ALLOWED.burst}): ` +
        `${rate.pagesPerSecond.toFixed(1)} pages/s over ${rate.seconds.toFixed(
          2,
        )} s; ` +
        `${server.stats.requests} requests, ${server.stats.throttled} throttled; ` +
        `worst overrun ${overrun.toFixed(2)} tokens`,
    );
  });

  it('with the limiter set too high: throttles happen, are retried, and nothing is lost', async () => {
    // A quota far below what any machine pages at, so that throttles happen
    // however slowly the client runs beside other suites.
    server = await startThrottlingSecurityHubServer({ findings, ...TIGHT });
    const source = await sourceFor(server, {
      requestsPerSecond: 500,
      burst: 50,
    });
    const { batches, stats } = await readAll(source);

    expectNothingLost(batches, server);
    expect(server.stats.throttled).toBeGreaterThan(0);
    // Each throttled request was attempted again: retries = throttles.
    expect(stats.retries).toBe(server.stats.throttled);
    expect(server.stats.requests).toBe(PAGES + server.stats.throttled);
    // A throttle means what arrived overran the bucket: the metric the
    // test above bounds does see it.
    const overrun = worstOverrun(
      server.stats.receivedAt,
      TIGHT.requestsPerSecond,
      TIGHT.burst,
    );
    expect(overrun).toBeGreaterThan(0);
    const rate = achievedRate(server);
    // eslint-disable-next-line no-console
    console.log(
      `limiter too high (500/s, burst 50): ${rate.pagesPerSecond.toFixed(
        1,
      )} pages/s over ${rate.seconds.toFixed(2)} s; ` +
        `${server.stats.requests} requests, ${server.stats.throttled} throttled and retried; ` +
        `worst overrun ${overrun.toFixed(2)} tokens`,
    );
  });

  it('retries transient 500s and still delivers every page once', async () => {
    server = await startThrottlingSecurityHubServer({
      findings,
      ...ALLOWED,
      transientErrors: 4,
      transientErrorEvery: 5,
    });
    const source = await sourceFor(server, ALLOWED);
    const { batches, stats } = await readAll(source);

    expectNothingLost(batches, server);
    expect(server.stats.transientErrors).toBe(4);
    expect(stats.retries).toBe(
      server.stats.transientErrors + server.stats.throttled,
    );
  });
});
