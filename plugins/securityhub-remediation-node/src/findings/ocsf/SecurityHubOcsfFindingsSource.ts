import {
  paginateGetFindingsV2,
  type GetFindingsV2CommandInput,
  type OcsfFindingFilters,
  type SecurityHubClient,
  type SortCriterion,
} from '@aws-sdk/client-securityhub';
import {
  describeZodError,
  prepareFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsBatch,
  FindingsReadOptions,
  FindingsReadStats,
  FindingsSource,
} from '../FindingsSource';
import { attachRateLimiter } from '../securityhub/client';
import type { RateLimiter } from '../securityhub/RateLimiter';
import {
  findingsPageSize,
  invalidFindingError,
  readFindingPages,
} from '../securityhub/readFindingPages';
import { validateOcsfFinding } from './ocsfToAsff';

/** `GetFindingsV2` refuses a larger `MaxResults`. @public */
export const GET_FINDINGS_V2_MAX_PAGE_SIZE = 100;

/** The OCSF field the watermark filters and sorts on: when the finding last changed. */
const MODIFIED_TIME_FIELD = 'finding_info.modified_time_dt';

/** @public */
export interface SecurityHubOcsfFindingsSourceOptions {
  /** Default `securityhub-ocsf:<accountId>:<region>`. */
  id?: string;
  /** Account whose findings are read; `undefined` = the credentials' account, shown as `main-account`. */
  accountId?: string;
  region: string;
  client: SecurityHubClient;
  /** Shared by all requests to this account and region; attached to `client`. */
  rateLimiter?: RateLimiter;
  /** `metadata.product.name` filter; empty or absent reads every product. */
  productNames?: readonly string[];
  /** Defaults to 100, the API maximum. */
  pageSize?: number;
  /** Start of a sync, the end of the modified-time filter; injectable for tests. */
  now?: () => Date;
}

/**
 * Reads OCSF findings of the new Security Hub for one account and region
 * with `GetFindingsV2`, one {@link FindingsBatch} per page, oldest
 * modification first, and translates each to the stored shape (see
 * `ocsfToAsffFinding`). Failures are handled as for the ASFF source (see
 * `readFindingPages`): a page that keeps failing ends the read as a
 * rejected unit; an error that means the source cannot be read at all, or
 * an invalid finding, is thrown.
 *
 * @public
 */
export class SecurityHubOcsfFindingsSource implements FindingsSource {
  readonly kind = 'securityhub-ocsf' as const;
  readonly id: string;
  readonly target: string;
  readonly accountLabel: string;
  readonly region: string;
  readonly rateLimiter: RateLimiter | undefined;
  private readonly client: SecurityHubClient;
  private readonly productNames: readonly string[];
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(options: SecurityHubOcsfFindingsSourceOptions) {
    this.accountLabel = options.accountId ?? 'main-account';
    this.region = options.region;
    this.id =
      options.id ?? `securityhub-ocsf:${this.accountLabel}:${options.region}`;
    this.target = `${this.accountLabel}/${options.region} (OCSF)`;
    this.client = options.client;
    this.productNames = options.productNames ?? [];
    this.pageSize = findingsPageSize(
      options.pageSize,
      GET_FINDINGS_V2_MAX_PAGE_SIZE,
    );
    this.now = options.now ?? (() => new Date());
    this.rateLimiter = options.rateLimiter;
    if (options.rateLimiter) {
      attachRateLimiter(this.client, options.rateLimiter);
    }
  }

  /** The `GetFindingsV2` input of one sync (without paging fields). */
  buildQuery(
    updatedSince: string | undefined,
    syncStartedAt: Date,
  ): Pick<GetFindingsV2CommandInput, 'Filters' | 'SortCriteria'> {
    const composite: NonNullable<OcsfFindingFilters['CompositeFilters']> = [];
    if (updatedSince !== undefined) {
      if (Number.isNaN(Date.parse(updatedSince))) {
        throw new TypeError(
          `updatedSince must be an ISO 8601 timestamp, got '${updatedSince}'`,
        );
      }
      // A fixed end keeps the result set stable while paging: findings that
      // change during the sync are picked up by the next one.
      composite.push({
        DateFilters: [
          {
            FieldName: MODIFIED_TIME_FIELD,
            Filter: { Start: updatedSince, End: syncStartedAt.toISOString() },
          },
        ],
      });
    }
    if (this.productNames.length > 0) {
      composite.push({
        Operator: 'OR',
        StringFilters: this.productNames.map(name => ({
          FieldName: 'metadata.product.name',
          Filter: { Value: name, Comparison: 'EQUALS' },
        })),
      });
    }
    // Oldest modification first: after a failed page, everything stored is
    // older than what is missing, so resuming from the watermark leaves no gap.
    const sortCriteria: SortCriterion[] = [
      { Field: MODIFIED_TIME_FIELD, SortOrder: 'asc' },
    ];
    return {
      ...(composite.length > 0
        ? {
            Filters: { CompositeFilters: composite, CompositeOperator: 'AND' },
          }
        : {}),
      SortCriteria: sortCriteria,
    };
  }

  async *read(
    options: FindingsReadOptions,
    stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch> {
    const { signal } = options;
    signal?.throwIfAborted();
    const query = this.buildQuery(options.updatedSince, this.now());
    yield* readFindingPages({
      operation: 'GetFindingsV2',
      source: this,
      pages: paginateGetFindingsV2(
        { client: this.client, pageSize: this.pageSize, stopOnSameToken: true },
        { ...query },
        { abortSignal: signal },
      ),
      signal,
      stats,
      prepare: (findings, page) => this.prepare(findings, page),
    });
  }

  private prepare(
    findings: readonly unknown[],
    page: number,
  ): PreparedFinding[] {
    return findings.map((finding, index) => {
      const parsed = validateOcsfFinding(finding);
      if (parsed.success) return prepareFinding(parsed.data);
      const uid = (finding as { finding_info?: { uid?: unknown } } | null)
        ?.finding_info?.uid;
      const label = typeof uid === 'string' ? `'${uid}'` : `#${index + 1}`;
      throw invalidFindingError(
        this,
        page,
        label,
        `is not a valid OCSF finding: ${describeZodError(parsed.error)}`,
      );
    });
  }
}
