import {
  paginateGetFindings,
  type AwsSecurityFindingFilters,
  type GetFindingsCommandInput,
  type GetFindingsCommandOutput,
  type SecurityHubClient,
  type SortCriterion,
} from '@aws-sdk/client-securityhub';
import { CustomErrorBase } from '@backstage/errors';
import {
  validateAsffFinding,
  prepareFinding,
  describeZodError,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsBatch,
  FindingsReadOptions,
  FindingsReadStats,
  FindingsSource,
} from '../FindingsSource';
import { attachRateLimiter } from './client';
import type { RateLimiter } from './RateLimiter';

/** `GetFindings` refuses a larger `MaxResults`. @public */
export const GET_FINDINGS_MAX_PAGE_SIZE = 100;

/** Findings produced by Security Hub's own controls. @public */
export const DEFAULT_PRODUCT_NAMES: readonly string[] = ['Security Hub'];

/** @public */
export interface SecurityHubFindingsSourceOptions {
  /** Default `securityhub:<accountId>:<region>`. */
  id?: string;
  /** Account whose findings are read; `undefined` = the credentials' account, shown as `main-account`. */
  accountId?: string;
  region: string;
  client: SecurityHubClient;
  /** Shared by all requests to this account and region; attached to `client`. */
  rateLimiter?: RateLimiter;
  /** `ProductName` filter; an empty list reads findings of every product. */
  productNames?: readonly string[];
  /** Extra `AwsAccountId` filter (a Security Hub administrator account reading member findings). */
  memberAccountIds?: readonly string[];
  /** Defaults to 100, the API maximum. */
  pageSize?: number;
  /** Start of a sync, the `End` of the `UpdatedAt` filter; injectable for tests. */
  now?: () => Date;
}

/** Why reading a Security Hub page failed. @public */
export type SecurityHubReadFailure = 'request-failed' | 'invalid-finding';

/**
 * Security Hub cannot be read at all (access denied, invalid credentials,
 * not enabled), or a finding of a page is not valid ASFF. Pages before it
 * were yielded already. A page that keeps failing otherwise (throttling,
 * server errors) is yielded as a rejected unit instead.
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
function pageFailure(attempts: number | undefined, error: unknown): string {
  const { name, message, $metadata } = sdkErrorShape(error);
  const status = $metadata?.httpStatusCode;
  const how = [
    attempts ? `after ${attempts} attempt(s)` : undefined,
    status ? `HTTP ${status}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `GetFindings failed${how ? ` (${how})` : ''}: ${name ?? 'Error'}: ${
    message ?? String(error)
  }. The pages after it cannot be read without its NextToken, so this read stopped here; the next sync asks again from this page.`;
}

function equalsFilters(values: readonly string[]) {
  return values.map(value => ({ Value: value, Comparison: 'EQUALS' as const }));
}

/**
 * Reads Security Hub findings of one account and region with `GetFindings`,
 * one {@link FindingsBatch} per page, oldest update first. A page that
 * still fails after the SDK's retries ends the read as a rejected unit (the
 * run goes on with other sources, the watermark stays before it); an error
 * that means the source cannot be read at all is thrown.
 *
 * @public
 */
export class SecurityHubFindingsSource implements FindingsSource {
  readonly kind = 'securityhub' as const;
  readonly id: string;
  readonly target: string;
  readonly accountLabel: string;
  readonly region: string;
  /** The limiter attached to the client, if any (per account and region). */
  readonly rateLimiter: RateLimiter | undefined;
  private readonly client: SecurityHubClient;
  private readonly productNames: readonly string[];
  private readonly memberAccountIds: readonly string[];
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(options: SecurityHubFindingsSourceOptions) {
    this.accountLabel = options.accountId ?? 'main-account';
    this.region = options.region;
    this.id =
      options.id ?? `securityhub:${this.accountLabel}:${options.region}`;
    this.target = `${this.accountLabel}/${options.region}`;
    this.client = options.client;
    this.productNames = options.productNames ?? DEFAULT_PRODUCT_NAMES;
    this.memberAccountIds = options.memberAccountIds ?? [];
    this.pageSize = options.pageSize ?? GET_FINDINGS_MAX_PAGE_SIZE;
    if (
      !Number.isInteger(this.pageSize) ||
      this.pageSize < 1 ||
      this.pageSize > GET_FINDINGS_MAX_PAGE_SIZE
    ) {
      throw new RangeError(
        `pageSize must be 1..${GET_FINDINGS_MAX_PAGE_SIZE}, got ${this.pageSize}`,
      );
    }
    this.now = options.now ?? (() => new Date());
    this.rateLimiter = options.rateLimiter;
    if (options.rateLimiter) {
      attachRateLimiter(this.client, options.rateLimiter);
    }
  }

  /** The `GetFindings` input of one sync (without paging fields). */
  buildQuery(
    updatedSince: string | undefined,
    syncStartedAt: Date,
  ): Pick<GetFindingsCommandInput, 'Filters' | 'SortCriteria'> {
    const filters: AwsSecurityFindingFilters = {};
    if (updatedSince !== undefined) {
      if (Number.isNaN(Date.parse(updatedSince))) {
        throw new TypeError(
          `updatedSince must be an ISO 8601 timestamp, got '${updatedSince}'`,
        );
      }
      // A fixed End keeps the result set stable while paging: findings that
      // change during the sync are picked up by the next one.
      filters.UpdatedAt = [
        { Start: updatedSince, End: syncStartedAt.toISOString() },
      ];
    }
    if (this.productNames.length > 0) {
      filters.ProductName = equalsFilters(this.productNames);
    }
    if (this.memberAccountIds.length > 0) {
      filters.AwsAccountId = equalsFilters(this.memberAccountIds);
    }
    // Oldest update first: after a failed page, everything stored is older
    // than what is missing, so resuming from the watermark leaves no gap.
    const sortCriteria: SortCriterion[] = [
      { Field: 'UpdatedAt', SortOrder: 'asc' },
    ];
    return { Filters: filters, SortCriteria: sortCriteria };
  }

  async *read(
    options: FindingsReadOptions,
    stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch> {
    const { signal } = options;
    signal?.throwIfAborted();
    const query = this.buildQuery(options.updatedSince, this.now());
    const pages = paginateGetFindings(
      { client: this.client, pageSize: this.pageSize, stopOnSameToken: true },
      { ...query },
      { abortSignal: signal },
    );
    const iterator = pages[Symbol.asyncIterator]();
    for (let page = 1; ; page++) {
      let result: IteratorResult<GetFindingsCommandOutput, undefined>;
      try {
        result = await iterator.next();
      } catch (error) {
        const attempts = sdkErrorShape(error).$metadata?.attempts;
        stats.retries += Math.max(0, (attempts ?? 1) - 1);
        if (signal?.aborted) throw error;
        if (sourceUnusable(error)) {
          throw this.requestFailed(page, attempts, error);
        }
        // This page keeps failing: it is rejected, and the read ends here,
        // as the pages after it are only reachable through its NextToken.
        yield {
          origin: `${this.target} page ${page}`,
          findings: [],
          rejected: { reason: pageFailure(attempts, error) },
        };
        return;
      }
      if (result.done) return;
      const output = result.value;
      stats.retries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
      yield {
        origin: `${this.target} page ${page}`,
        findings: this.validate(output.Findings ?? [], page).map(
          prepareFinding,
        ),
      };
      signal?.throwIfAborted();
    }
  }

  private validate(findings: readonly unknown[], page: number): AsffFinding[] {
    return findings.map((finding, index) => {
      const parsed = validateAsffFinding(finding);
      if (parsed.success) return parsed.data;
      const rawId = (finding as { Id?: unknown } | null)?.Id;
      const label = typeof rawId === 'string' ? `'${rawId}'` : `#${index + 1}`;
      throw new SecurityHubReadError(
        `Security Hub ${
          this.target
        } page ${page}: finding ${label} is not valid ASFF: ${describeZodError(
          parsed.error,
        )}`,
        {
          failure: 'invalid-finding',
          accountId: this.accountLabel,
          region: this.region,
          page,
        },
      );
    });
  }

  private requestFailed(
    page: number,
    attempts: number | undefined,
    error: unknown,
  ): SecurityHubReadError {
    // CustomErrorBase appends "; caused by <name>: <message>" of the SDK error.
    const status = sdkErrorShape(error).$metadata?.httpStatusCode;
    const tries = attempts ? ` after ${attempts} attempt(s)` : '';
    return new SecurityHubReadError(
      `Security Hub GetFindings failed for ${this.target} page ${page}${tries}${
        status ? ` (HTTP ${status})` : ''
      }`,
      {
        failure: 'request-failed',
        accountId: this.accountLabel,
        region: this.region,
        page,
        attempts,
      },
      error,
    );
  }
}
