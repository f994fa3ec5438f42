import {
  paginateGetFindings,
  type AwsSecurityFindingFilters,
  type GetFindingsCommandInput,
  type SecurityHubClient,
  type SortCriterion,
} from '@aws-sdk/client-securityhub';
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
import {
  findingsPageSize,
  invalidFindingError,
  readFindingPages,
} from './readFindingPages';

// The OCSF source throws the same error; it stays importable from here.
export {
  SecurityHubReadError,
  type SecurityHubReadFailure,
} from './readFindingPages';

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
    this.pageSize = findingsPageSize(
      options.pageSize,
      GET_FINDINGS_MAX_PAGE_SIZE,
    );
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
    yield* readFindingPages({
      operation: 'GetFindings',
      source: this,
      pages: paginateGetFindings(
        { client: this.client, pageSize: this.pageSize, stopOnSameToken: true },
        { ...query },
        { abortSignal: signal },
      ),
      signal,
      stats,
      prepare: (findings, page) =>
        this.validate(findings, page).map(prepareFinding),
    });
  }

  private validate(findings: readonly unknown[], page: number): AsffFinding[] {
    return findings.map((finding, index) => {
      const parsed = validateAsffFinding(finding);
      if (parsed.success) return parsed.data;
      const rawId = (finding as { Id?: unknown } | null)?.Id;
      const label = typeof rawId === 'string' ? `'${rawId}'` : `#${index + 1}`;
      throw invalidFindingError(
        this,
        page,
        label,
        `is not valid ASFF: ${describeZodError(parsed.error)}`,
      );
    });
  }
}
