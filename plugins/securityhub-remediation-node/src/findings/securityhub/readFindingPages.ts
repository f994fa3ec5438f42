import { CustomErrorBase } from '@backstage/errors';
import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import type { FindingsBatch, FindingsReadStats } from '../FindingsSource';

/** Why reading a Security Hub page failed. @public */
export type SecurityHubReadFailure = 'request-failed' | 'invalid-finding';

/**
 * Security Hub cannot be read at all (access denied, invalid credentials,
 * not enabled), or a finding of a page is not valid ASFF (or OCSF). Pages
 * before it were yielded already. A page that keeps failing otherwise
 * (throttling, server errors) is yielded as a rejected unit instead.
 *
 * @public
 */
export class SecurityHubReadError extends CustomErrorBase {
  name = 'SecurityHubReadError' as const;
  constructor(
    message: string,
    readonly details: {
      failure: SecurityHubReadFailure;
      accountId: string;
      region: string;
      page: number;
      attempts?: number;
    },
    cause?: unknown,
  ) {
    super(message, cause);
  }
}

/** The account and region one Security Hub source reads, as its errors name them. */
export interface SecurityHubReadTarget {
  /** `<account>/<region>`, the start of each batch's origin. */
  readonly target: string;
  readonly accountLabel: string;
  readonly region: string;
}

/** The `MaxResults` of each request: the operation's maximum unless set lower. */
export function findingsPageSize(
  pageSize: number | undefined,
  max: number,
): number {
  const size = pageSize ?? max;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new RangeError(`pageSize must be 1..${max}, got ${size}`);
  }
  return size;
}

/** The paginated Security Hub operations the sources read. */
export type FindingsOperation = 'GetFindings' | 'GetFindingsV2';

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

function sdkErrorShape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null
    ? (error as SdkErrorShape)
    : {};
}

/**
 * Errors that no later page would escape: the credentials or the account
 * cannot read findings at all (access denied, invalid or expired
 * credentials, Security Hub not enabled in the region).
 */
const SOURCE_UNUSABLE_ERRORS = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessException',
  'CredentialsProviderError',
]);

function sourceUnusable(error: unknown): boolean {
  const { name, $metadata } = sdkErrorShape(error);
  const status = $metadata?.httpStatusCode;
  return (
    (name !== undefined && SOURCE_UNUSABLE_ERRORS.has(name)) ||
    status === 401 ||
    status === 403
  );
}

/** Why a page was rejected: the AWS error code and message, and what it means for the read. */
function pageFailure(
  operation: FindingsOperation,
  attempts: number | undefined,
  error: unknown,
): string {
  const { name, message, $metadata } = sdkErrorShape(error);
  const status = $metadata?.httpStatusCode;
  const how = [
    attempts ? `after ${attempts} attempt(s)` : undefined,
    status ? `HTTP ${status}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${operation} failed${how ? ` (${how})` : ''}: ${name ?? 'Error'}: ${
    message ?? String(error)
  }. The pages after it cannot be read without its NextToken, so this read stopped here; the next sync asks again from this page.`;
}

function requestFailedError(
  operation: FindingsOperation,
  source: SecurityHubReadTarget,
  page: number,
  attempts: number | undefined,
  error: unknown,
): SecurityHubReadError {
  // CustomErrorBase appends "; caused by <name>: <message>" of the SDK error.
  const status = sdkErrorShape(error).$metadata?.httpStatusCode;
  const tries = attempts ? ` after ${attempts} attempt(s)` : '';
  return new SecurityHubReadError(
    `Security Hub ${operation} failed for ${
      source.target
    } page ${page}${tries}${status ? ` (HTTP ${status})` : ''}`,
    {
      failure: 'request-failed',
      accountId: source.accountLabel,
      region: source.region,
      page,
      attempts,
    },
    error,
  );
}

/**
 * A finding of a page that the source cannot store; `problem` says what is
 * wrong with it ("is not valid ASFF: …").
 */
export function invalidFindingError(
  source: SecurityHubReadTarget,
  page: number,
  label: string,
  problem: string,
): SecurityHubReadError {
  return new SecurityHubReadError(
    `Security Hub ${source.target} page ${page}: finding ${label} ${problem}`,
    {
      failure: 'invalid-finding',
      accountId: source.accountLabel,
      region: source.region,
      page,
    },
  );
}

/** One page of a findings operation's output, as far as the read needs it. */
interface FindingsPage {
  Findings?: readonly unknown[];
  $metadata?: { attempts?: number };
}

/** What {@link readFindingPages} reads, and how it names failures. */
export interface ReadFindingPagesOptions<Page extends FindingsPage> {
  operation: FindingsOperation;
  source: SecurityHubReadTarget;
  /** The SDK paginator of one sync's query. */
  pages: AsyncIterable<Page>;
  signal?: AbortSignal;
  stats: FindingsReadStats;
  /** Validates and prepares a page's findings; throws on an invalid one. */
  prepare: (findings: readonly unknown[], page: number) => PreparedFinding[];
}

/**
 * Yields one {@link FindingsBatch} per page of a Security Hub paginator,
 * counting the SDK's retries. A page that still fails after them ends the
 * read as a rejected unit (the run goes on with other sources, the
 * watermark stays before it); an error that means the source cannot be
 * read at all is thrown.
 */
export async function* readFindingPages<Page extends FindingsPage>(
  options: ReadFindingPagesOptions<Page>,
): AsyncIterable<FindingsBatch> {
  const { operation, source, signal, stats, prepare } = options;
  const iterator = options.pages[Symbol.asyncIterator]();
  for (let page = 1; ; page++) {
    let result: IteratorResult<Page, undefined>;
    try {
      result = await iterator.next();
    } catch (error) {
      const attempts = sdkErrorShape(error).$metadata?.attempts;
      stats.retries += Math.max(0, (attempts ?? 1) - 1);
      if (signal?.aborted) throw error;
      if (sourceUnusable(error)) {
        throw requestFailedError(operation, source, page, attempts, error);
      }
      // This page keeps failing: it is rejected, and the read ends here,
      // as the pages after it are only reachable through its NextToken.
      yield {
        origin: `${source.target} page ${page}`,
        findings: [],
        rejected: { reason: pageFailure(operation, attempts, error) },
      };
      return;
    }
    if (result.done) return;
    const output = result.value;
    stats.retries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
    yield {
      origin: `${source.target} page ${page}`,
      findings: prepare(output.Findings ?? [], page),
    };
    signal?.throwIfAborted();
  }
}
