import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  batchUpdateFindings,
  type FindingIdentifier,
} from './batchUpdateFindings';
import {
  batchUpdateFindingsV2,
  type OcsfFindingIdentifierBody,
} from './batchUpdateFindingsV2';
import { getFindings } from './getFindings';
import { ApiError } from './securityHubApiError';

/** @public */
export interface ThrottlingSecurityHubServerOptions {
  /** ASFF findings served by `GetFindings`, in this order unless sorted by `UpdatedAt`. */
  findings: readonly object[];
  /** Sustained `GetFindings` quota of the fake account and region. */
  requestsPerSecond: number;
  /** Requests allowed back to back after an idle period. */
  burst: number;
  /** Number of HTTP 500 `InternalException` answers to inject (default 0). */
  transientErrors?: number;
  /** Inject them on every n-th admitted request (default 4) until used up. */
  transientErrorEvery?: number;
  /** `BatchUpdateFindings` quota, apart from `GetFindings` (default 10 per second, bursts of 10); `BatchUpdateFindingsV2` has the same, apart. */
  batchUpdate?: { requestsPerSecond: number; burst: number };
  /** OCSF findings `BatchUpdateFindingsV2` updates, by `finding_info.uid`. */
  ocsfFindings?: readonly object[];
}

/** @public */
export interface BatchUpdateFindingsStats {
  /** HTTP requests received, throttled ones included. */
  requests: number;
  /** Requests answered 429 `ThrottlingException`. */
  throttled: number;
  /** `performance.now()` of every request the quota admitted. */
  admittedAt: number[];
  /** Finding ids of every admitted request, in order. */
  batches: string[][];
}

/** @public */
export interface ThrottlingSecurityHubServerStats {
  /** HTTP requests received, throttled ones included. */
  requests: number;
  /** Requests answered 429 `TooManyRequestsException`. */
  throttled: number;
  /** Requests answered 500 by fault injection. */
  transientErrors: number;
  /** Requests answered 200 with a page of findings. */
  pagesServed: number;
  /** `performance.now()` of every request received, throttled ones included. */
  receivedAt: number[];
  /** `performance.now()` of every request the token bucket admitted. */
  admittedAt: number[];
  /** Every page served, in order: first index and number of findings. */
  pages: Array<{ offset: number; count: number }>;
}

/** @public */
export interface ThrottlingSecurityHubServer {
  /** Pass as the SDK client's `endpoint`. */
  readonly endpoint: string;
  readonly stats: ThrottlingSecurityHubServerStats;
  readonly batchUpdateStats: BatchUpdateFindingsStats;
  /** As `batchUpdateStats`, for `BatchUpdateFindingsV2` (ids are `finding_info.uid`). */
  readonly batchUpdateV2Stats: BatchUpdateFindingsStats;
  /** The findings as they are now, `BatchUpdateFindings` applied. */
  finding(id: string): Record<string, unknown> | undefined;
  /** The OCSF findings as they are now, `BatchUpdateFindingsV2` applied. */
  ocsfFinding(findingInfoUid: string): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

class ServerTokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
  }

  /** Takes a token if one is available; a rejected request costs nothing. */
  tryTake(): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The whole request body as text. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  errorType?: string,
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  response.end(payload);
}

/**
 * Starts a local stand-in for Security Hub's `GetFindings`,
 * `BatchUpdateFindings` and `BatchUpdateFindingsV2` (which moto does not
 * serve) that enforces a
 * token-bucket quota like the real API: over the quota it answers HTTP 429
 * `TooManyRequestsException` `{"message":"Rate exceeded"}` (`ThrottlingException`
 * for `BatchUpdateFindings` and its V2, each with a quota of its own). Point the real
 * SDK client at `endpoint`.
 *
 * @public
 */
export async function startThrottlingSecurityHubServer(
  options: ThrottlingSecurityHubServerOptions,
): Promise<ThrottlingSecurityHubServer> {
  const bucket = new ServerTokenBucket(
    options.requestsPerSecond,
    options.burst,
  );
  const batchUpdateQuota = options.batchUpdate ?? {
    requestsPerSecond: 10,
    burst: 10,
  };
  const batchUpdateBucket = new ServerTokenBucket(
    batchUpdateQuota.requestsPerSecond,
    batchUpdateQuota.burst,
  );
  const batchUpdateV2Bucket = new ServerTokenBucket(
    batchUpdateQuota.requestsPerSecond,
    batchUpdateQuota.burst,
  );
  // A copy: BatchUpdateFindings changes findings in place.
  const findings = options.findings.map(
    f => structuredClone(f) as Record<string, unknown>,
  );
  const findingsById = new Map(findings.map(f => [String(f.Id), f]));
  const ocsfFindingsByUid = new Map(
    (options.ocsfFindings ?? []).map(f => {
      const copy = structuredClone(f) as Record<string, unknown>;
      const info = copy.finding_info as { uid?: unknown } | undefined;
      return [String(info?.uid), copy];
    }),
  );
  const newBatchUpdateStats = (): BatchUpdateFindingsStats => ({
    requests: 0,
    throttled: 0,
    admittedAt: [],
    batches: [],
  });
  const batchUpdateStats = newBatchUpdateStats();
  const batchUpdateV2Stats = newBatchUpdateStats();
  const every = options.transientErrorEvery ?? 4;
  let transientLeft = options.transientErrors ?? 0;
  const stats: ThrottlingSecurityHubServerStats = {
    requests: 0,
    throttled: 0,
    transientErrors: 0,
    pagesServed: 0,
    receivedAt: [],
    admittedAt: [],
    pages: [],
  };

  const parseJson = (rawBody: string): Record<string, unknown> => {
    try {
      return rawBody ? JSON.parse(rawBody) : {};
    } catch {
      throw new ApiError(
        400,
        'SerializationException',
        'Request body is not JSON',
      );
    }
  };

  /** BatchUpdateFindings and its V2: each with a quota and stats of its own. */
  const handleBatchUpdate = async (
    request: IncomingMessage,
    response: ServerResponse,
    quota: ServerTokenBucket,
    counts: BatchUpdateFindingsStats,
    apply: (body: Record<string, unknown>) => object,
    idsOf: (body: Record<string, unknown>) => string[],
  ) => {
    counts.requests += 1;
    const admitted = quota.tryTake();
    const rawBody = await readBody(request);
    if (!admitted) {
      counts.throttled += 1;
      throw new ApiError(429, 'ThrottlingException', 'Rate exceeded');
    }
    counts.admittedAt.push(performance.now());
    if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
      throw new ApiError(
        403,
        'MissingAuthenticationTokenException',
        'Missing SigV4 Authorization header',
      );
    }
    const body = parseJson(rawBody);
    const result = apply(body);
    counts.batches.push(idsOf(body));
    sendJson(response, 200, result);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url?.split('?')[0];
    if (request.method === 'PATCH' && path === '/findings/batchupdate') {
      await handleBatchUpdate(
        request,
        response,
        batchUpdateBucket,
        batchUpdateStats,
        body => batchUpdateFindings(body, findingsById),
        body =>
          (body.FindingIdentifiers as FindingIdentifier[]).map(i =>
            String(i.Id),
          ),
      );
      return;
    }
    if (request.method === 'PATCH' && path === '/findingsv2/batchupdatev2') {
      await handleBatchUpdate(
        request,
        response,
        batchUpdateV2Bucket,
        batchUpdateV2Stats,
        body => batchUpdateFindingsV2(body, ocsfFindingsByUid),
        body =>
          (body.FindingIdentifiers as OcsfFindingIdentifierBody[]).map(i =>
            String(i.FindingInfoUid),
          ),
      );
      return;
    }
    if (
      request.method !== 'POST' ||
      request.url?.split('?')[0] !== '/findings'
    ) {
      await readBody(request);
      throw new ApiError(
        404,
        'UnknownOperationException',
        'Only GetFindings (POST /findings), BatchUpdateFindings (PATCH /findings/batchupdate) and BatchUpdateFindingsV2 (PATCH /findingsv2/batchupdatev2) are served',
      );
    }
    stats.requests += 1;
    stats.receivedAt.push(performance.now());
    // Throttling is decided on arrival, before the body is read, as at the
    // AWS front door.
    const admitted = bucket.tryTake();
    const rawBody = await readBody(request);
    if (!admitted) {
      stats.throttled += 1;
      throw new ApiError(429, 'TooManyRequestsException', 'Rate exceeded');
    }
    stats.admittedAt.push(performance.now());
    if (transientLeft > 0 && stats.admittedAt.length % every === 0) {
      transientLeft -= 1;
      stats.transientErrors += 1;
      throw new ApiError(500, 'InternalException', 'Internal server error');
    }
    if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
      throw new ApiError(
        403,
        'MissingAuthenticationTokenException',
        'Missing SigV4 Authorization header',
      );
    }
    const body = parseJson(rawBody);
    const { page, offset, nextToken } = getFindings(body, findings);
    stats.pagesServed += 1;
    stats.pages.push({ offset, count: page.length });
    sendJson(response, 200, {
      Findings: page,
      ...(nextToken ? { NextToken: nextToken } : {}),
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(error => {
      if (error instanceof ApiError) {
        sendJson(
          response,
          error.status,
          { message: error.message },
          error.errorType,
        );
      } else {
        sendJson(
          response,
          500,
          { message: String(error) },
          'InternalException',
        );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    batchUpdateStats,
    batchUpdateV2Stats,
    finding: id => findingsById.get(id),
    ocsfFinding: uid => ocsfFindingsByUid.get(uid),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
