import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { readBody } from '../../../../findings/securityhub/__testUtils__/throttlingSecurityHubServer';
import type { AddressInfo } from 'node:net';
import { AwsError } from './awsError';

/** The services the fake answers, named as in their SigV4 credential scope. */
export type AwsServiceName =
  | 'codecommit'
  | 'codepipeline'
  | 'ssm'
  | 'securityhub';

/** Who signed a request: the access key stands for an account (see `accounts`). */
export interface CallerIdentity {
  accessKeyId: string;
  /** The account the access key belongs to; the access key itself when unmapped. */
  accountId: string;
  /** The principal, as `lastUpdatedBy` and error messages show it. */
  arn: string;
  region: string;
}

/** One request as the server received it. */
export interface LoggedRequest {
  service: AwsServiceName;
  operation: string;
  region: string;
  accessKeyId: string;
  accountId: string;
  input: Record<string, unknown>;
  receivedAt: Date;
  /** HTTP status of the answer, once sent. */
  status?: number;
  /** Error code of the answer, when it was an error. */
  errorCode?: string;
}

export type OperationHandler = (
  input: Record<string, unknown>,
  caller: CallerIdentity,
) => unknown;

export type ServiceOperations = Record<string, OperationHandler>;

/** A token-bucket quota on the requests it matches (all when no filter is set). */
export interface ThrottleRule {
  service?: AwsServiceName;
  operation?: string;
  requestsPerSecond: number;
  burst: number;
}

/** An error answer forced on one request. */
export interface InjectedFault {
  status: number;
  code: string;
  message: string;
}

/** Faults applied per request; the object is live, so a test may change it between calls. */
export interface FaultOptions {
  throttle?: ThrottleRule | ThrottleRule[];
  inject?: (request: LoggedRequest) => InjectedFault | undefined;
}

export interface FakeAwsStats {
  /** Requests received, throttled and faulted ones included. */
  requests: number;
  /** Requests answered with a throttling error. */
  throttled: number;
  /** Requests answered with a fault from `faults.inject`. */
  injected: number;
  /** Requests answered with any error (throttling and injected faults included). */
  errors: number;
  /** Requests received per `service:Operation`. */
  byOperation: Record<string, number>;
}

/** `X-Amz-Target` prefixes of the awsJson1_1 services. */
const JSON_TARGET_PREFIXES: Record<string, AwsServiceName> = {
  CodeCommit_20150413: 'codecommit',
  CodePipeline_20150709: 'codepipeline',
  AmazonSSM: 'ssm',
};

/** Security Hub (restJson1) operations by method and path. */
const SECURITY_HUB_ROUTES: Record<string, string> = {
  'POST /findings': 'GetFindings',
  'PATCH /findings/batchupdate': 'BatchUpdateFindings',
};

class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(private readonly rule: ThrottleRule) {
    this.tokens = rule.burst;
  }

  tryTake(): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.rule.burst,
      this.tokens +
        ((now - this.refilledAt) * this.rule.requestsPerSecond) / 1000,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** `Credential=<AKID>/<date>/<region>/<service>/aws4_request` of a SigV4 header. */
function parseCredentialScope(
  authorization: string | undefined,
): { accessKeyId: string; region: string; service: string } | undefined {
  const match =
    /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      authorization ?? '',
    );
  return match
    ? { accessKeyId: match[1], region: match[2], service: match[3] }
    : undefined;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType: string,
  errorType?: string,
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  response.end(payload);
}

/** The error body each protocol uses; SSM's model names the member `Message`. */
function errorBody(service: AwsServiceName | undefined, error: AwsError) {
  if (service === 'securityhub') {
    return { Message: error.message, Code: error.code };
  }
  return service === 'ssm'
    ? { __type: error.code, Message: error.message }
    : { __type: error.code, message: error.message };
}

export interface FakeAwsServerOptions {
  operations: Record<AwsServiceName, ServiceOperations>;
  identify(accessKeyId: string, region: string): CallerIdentity;
  faults: FaultOptions;
  requests: LoggedRequest[];
  stats: FakeAwsStats;
}

/**
 * One HTTP server for every fake service: awsJson1_1 requests are routed by
 * `X-Amz-Target`, Security Hub's restJson1 ones by method and path.
 * Signatures are not verified; the credential scope names the caller.
 */
export async function startFakeAwsServer(
  options: FakeAwsServerOptions,
): Promise<{ server: Server; endpoint: string }> {
  const { faults, requests, stats } = options;
  const buckets = new WeakMap<ThrottleRule, TokenBucket>();

  const throttled = (request: LoggedRequest): boolean => {
    const rules = [faults.throttle ?? []].flat();
    // Every matching quota is charged, so a narrow rule cannot hide a broad one.
    let admitted = true;
    for (const rule of rules) {
      if (rule.service && rule.service !== request.service) continue;
      if (rule.operation && rule.operation !== request.operation) continue;
      let bucket = buckets.get(rule);
      if (!bucket) {
        bucket = new TokenBucket(rule);
        buckets.set(rule, bucket);
      }
      if (!bucket.tryTake()) admitted = false;
    }
    return !admitted;
  };

  const route = (request: IncomingMessage) => {
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [prefix, operation] = target.split('.');
      const service = JSON_TARGET_PREFIXES[prefix];
      if (!service || !operation || request.method !== 'POST') {
        throw new AwsError(
          'UnknownOperationException',
          `Unknown target ${target}`,
        );
      }
      return { service, operation };
    }
    const path = (request.url ?? '/').split('?')[0];
    const operation = SECURITY_HUB_ROUTES[`${request.method} ${path}`];
    if (!operation) {
      throw new AwsError(
        'UnknownOperationException',
        `No operation is served at ${request.method} ${path}`,
        404,
      );
    }
    return { service: 'securityhub' as const, operation };
  };

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const rawBody = await readBody(request);
    let service: AwsServiceName | undefined;
    let logged: LoggedRequest | undefined;
    const contentType = request.headers['x-amz-target']
      ? 'application/x-amz-json-1.1'
      : 'application/json';
    try {
      stats.requests += 1;
      const routed = route(request);
      service = routed.service;
      const scope = parseCredentialScope(request.headers.authorization);
      if (!scope) {
        throw new AwsError(
          'MissingAuthenticationTokenException',
          'Missing Authentication Token',
          403,
        );
      }
      let input: Record<string, unknown>;
      try {
        input = rawBody ? JSON.parse(rawBody) : {};
      } catch {
        throw new AwsError(
          'SerializationException',
          'Request body is not JSON',
        );
      }
      const caller = options.identify(scope.accessKeyId, scope.region);
      logged = {
        service,
        operation: routed.operation,
        region: scope.region,
        accessKeyId: scope.accessKeyId,
        accountId: caller.accountId,
        input,
        receivedAt: new Date(),
      };
      requests.push(logged);
      const key = `${service}:${routed.operation}`;
      stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
      if (throttled(logged)) {
        stats.throttled += 1;
        throw service === 'securityhub'
          ? new AwsError('TooManyRequestsException', 'Rate exceeded', 429)
          : new AwsError('ThrottlingException', 'Rate exceeded');
      }
      const fault = faults.inject?.(logged);
      if (fault) {
        stats.injected += 1;
        throw new AwsError(fault.code, fault.message, fault.status);
      }
      const handler = options.operations[service][routed.operation];
      if (!handler) {
        throw new AwsError(
          'UnknownOperationException',
          `The fake ${service} does not serve ${routed.operation}`,
        );
      }
      const output = await handler(input, caller);
      logged.status = 200;
      send(response, 200, output ?? {}, contentType);
    } catch (caught) {
      const error =
        caught instanceof AwsError
          ? caught
          : new AwsError('InternalFailure', String(caught), 500);
      stats.errors += 1;
      if (logged) {
        logged.status = error.status;
        logged.errorCode = error.code;
      }
      send(
        response,
        error.status,
        errorBody(service, error),
        contentType,
        error.code,
      );
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}` };
}
