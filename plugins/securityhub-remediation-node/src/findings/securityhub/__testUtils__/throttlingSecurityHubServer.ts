import { createHash, randomUUID } from 'node:crypto';
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
  /** `BatchUpdateFindings` quota, apart from `GetFindings` (default 10 per second, bursts of 10). */
  batchUpdate?: { requestsPerSecond: number; burst: number };
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
  /** The findings as they are now, `BatchUpdateFindings` applied. */
  finding(id: string): Record<string, unknown> | undefined;
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

interface DateFilter {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
}

function matchesDateFilters(value: unknown, filters: DateFilter[]): boolean {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) return false;
  // Several filters on one field are ORed, as in Security Hub.
  return filters.some(filter => {
    if (filter.DateRange?.Value !== undefined) {
      const days = filter.DateRange.Value;
      return time >= Date.now() - days * 86_400_000;
    }
    const start = filter.Start ? Date.parse(filter.Start) : -Infinity;
    const end = filter.End ? Date.parse(filter.End) : Infinity;
    return time >= start && time <= end;
  });
}

function queryFingerprint(body: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([body.Filters ?? null, body.SortCriteria ?? null]))
    .digest('hex')
    .slice(0, 16);
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString(
    'base64url',
  );
}

function decodeToken(token: string, fingerprint: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (
      decoded.fingerprint === fingerprint &&
      Number.isInteger(decoded.offset)
    ) {
      return decoded.offset;
    }
  } catch {
    // fall through: a token that does not parse is as invalid as a foreign one
  }
  throw new ApiError(
    400,
    'InvalidInputException',
    'The NextToken is invalid or belongs to a different query',
  );
}

/**
 * Answers `GetFindings` like Security Hub's REST-JSON API: `POST /findings`
 * with `Filters`, `SortCriteria`, `MaxResults` (1–100, default 100) and
 * `NextToken`. Only `Filters.UpdatedAt` and a `SortCriteria` on `UpdatedAt`
 * are applied; other filters are accepted and ignored.
 */
function getFindings(
  body: Record<string, unknown>,
  findings: readonly object[],
): { page: object[]; offset: number; nextToken?: string } {
  const maxResults = body.MaxResults ?? 100;
  if (
    typeof maxResults !== 'number' ||
    !Number.isInteger(maxResults) ||
    maxResults < 1 ||
    maxResults > 100
  ) {
    throw new ApiError(
      400,
      'InvalidInputException',
      `MaxResults must be between 1 and 100, got ${JSON.stringify(maxResults)}`,
    );
  }
  let selected = [...findings];
  const filters = (body.Filters ?? {}) as { UpdatedAt?: DateFilter[] };
  if (filters.UpdatedAt?.length) {
    const dateFilters = filters.UpdatedAt;
    selected = selected.filter(f =>
      matchesDateFilters((f as { UpdatedAt?: unknown }).UpdatedAt, dateFilters),
    );
  }
  const sort = (
    body.SortCriteria as
      | Array<{ Field?: string; SortOrder?: string }>
      | undefined
  )?.[0];
  if (sort?.Field === 'UpdatedAt') {
    const direction = sort.SortOrder === 'desc' ? -1 : 1;
    const updatedAt = (f: object) =>
      Date.parse(String((f as { UpdatedAt?: unknown }).UpdatedAt));
    selected.sort((a, b) => direction * (updatedAt(a) - updatedAt(b)));
  }
  const fingerprint = queryFingerprint(body);
  const offset =
    typeof body.NextToken === 'string' && body.NextToken
      ? decodeToken(body.NextToken, fingerprint)
      : 0;
  const page = selected.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return {
    page,
    offset,
    nextToken:
      next < selected.length ? encodeToken(next, fingerprint) : undefined,
  };
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
 * Starts a local stand-in for Security Hub's `GetFindings` and
 * `BatchUpdateFindings` (for which moto has no support) that enforces a
 * token-bucket quota like the real API: over the quota it answers HTTP 429
 * `TooManyRequestsException` `{"message":"Rate exceeded"}` (`ThrottlingException`
 * for `BatchUpdateFindings`, which has a quota of its own). Point the real
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
  // A copy: BatchUpdateFindings changes findings in place.
  const findings = options.findings.map(
    f => structuredClone(f) as Record<string, unknown>,
  );
  const findingsById = new Map(findings.map(f => [String(f.Id), f]));
  const batchUpdateStats: BatchUpdateFindingsStats = {
    requests: 0,
    throttled: 0,
    admittedAt: [],
    batches: [],
  };
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

  const handleBatchUpdate = async (
    request: IncomingMessage,
    response: ServerResponse,
  ) => {
    batchUpdateStats.requests += 1;
    const admitted = batchUpdateBucket.tryTake();
    const rawBody = await readBody(request);
    if (!admitted) {
      batchUpdateStats.throttled += 1;
      throw new ApiError(429, 'ThrottlingException', 'Rate exceeded');
    }
    batchUpdateStats.admittedAt.push(performance.now());
    if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
      throw new ApiError(
        403,
        'MissingAuthenticationTokenException',
        'Missing SigV4 Authorization header',
      );
    }
    const body = parseJson(rawBody);
    const result = batchUpdateFindings(body, findingsById);
    batchUpdateStats.batches.push(
      (body.FindingIdentifiers as FindingIdentifier[]).map(i => String(i.Id)),
    );
    sendJson(response, 200, result);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (
      request.method === 'PATCH' &&
      request.url?.split('?')[0] === '/findings/batchupdate'
    ) {
      await handleBatchUpdate(request, response);
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
        'Only GetFindings (POST /findings) and BatchUpdateFindings (PATCH /findings/batchupdate) are served',
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
    finding: id => findingsById.get(id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
