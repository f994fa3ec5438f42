import type { Knex } from 'knex';
import type {
  FindingSortField,
  FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE } from './rows';

/**
 * SQLite's index led by each sort column (besides severity, whose index the
 * planner already walks). Controls and accounts are read in order and
 * sorted within each.
 */
const SORT_INDEXES: Partial<Record<FindingSortField, string>> = {
  updatedAt: 'securityhub_findings_updated_idx',
  firstSeenAt: 'securityhub_findings_first_seen_idx',
  title: 'securityhub_findings_title_idx',
  controlId: 'securityhub_findings_control_severity_idx',
  awsAccountId: 'securityhub_findings_account_idx',
};

/**
 * How many times fewer rows walking the sort's order must be expected to
 * read than the filter matches: matches bunched at the far end of the
 * order (the oldest findings are the resolved ones) read more than the
 * even spread the estimate assumes.
 */
const WALK_MARGIN = 8;

/**
 * Filters that pick findings bunched along a sort: a control's findings
 * share its title, resource type and severity, so "S3 buckets by title"
 * walks every title before the S3 ones. The planner's plan stays.
 */
const BUNCHED_BY: Partial<
  Record<FindingSortField, Array<keyof FindingsFilter>>
> = {
  title: ['controlId', 'resourceType', 'severity'],
  controlId: ['resourceType', 'severity'],
  // Accounts join over time: an account's findings bunch along the dates
  // (ten accounts of a thousand by first seen walked 100,000 rows: 50 ms).
  updatedAt: ['accountId'],
  firstSeenAt: ['accountId'],
};

/** What a page read knows before it runs. */
export interface PageReadEstimate {
  sort: FindingSortField;
  /** The filter; a scope that lists accounts counts as an account filter. */
  filter: FindingsFilter;
  /** Findings the filter matches in scope, when known (counts, text index). */
  matches?: number;
  /** Findings stored. */
  findings: number;
  /** Rows the page takes in order: the offset skipped, then the page. */
  rows: number;
  /**
   * The walk starts where the matches start (a title range, see
   * `titleRange`): `findings` are those it may pass, and how the filter
   * bunches along the order no longer matters.
   */
  ranged?: boolean;
}

/**
 * The index a page should be read through on SQLite, or undefined to leave
 * the plan to the planner. Its statistics cannot say how the filter's
 * matches spread along the sort order, so for a broad filter (the default
 * view: half of all findings) it picks the filter's index and sorts every
 * match (350–550 ms at a million findings) where walking the sort's index
 * fills a page after a hundred rows. The counts say how broad the filter
 * is: the walk reads about `rows × findings / matches` rows when the
 * matches spread along the order.
 * PostgreSQL's planner weighs this itself.
 */
export function sortIndexToWalk(
  db: Knex,
  estimate: PageReadEstimate,
): string | undefined {
  if (db.client.dialect === 'postgresql' || !walkPaysOff(estimate)) {
    return undefined;
  }
  return SORT_INDEXES[estimate.sort];
}

/**
 * Whether PostgreSQL should read every match and sort them rather than
 * walk the sort's index: its planner walks when it expects the matches
 * early in the order, and for a filter the counts call narrow they are not
 * (a control sorted by title walked a million findings: 350 ms). Broad
 * filters bunched along the order stay with the planner, which walks them
 * well (S3 buckets by title: 30 ms, where sorting them took 220 ms).
 */
export function sortAllMatches(
  db: Knex,
  { sort, matches, findings, rows }: PageReadEstimate,
): boolean {
  return (
    db.client.dialect === 'postgresql' &&
    SORT_INDEXES[sort] !== undefined &&
    matches !== undefined &&
    !walkReadsFew(rows, findings, matches)
  );
}

/**
 * A walk this short costs a few milliseconds on either database (10–15 ms
 * cold), whatever the alternative: high severity RDS instances by last
 * update (7,400 of a million) pass ~7,000 rows where finding them by the
 * resource type read its 95,000 rows (45 ms on SQLite); high severity
 * findings of one region, ~1,000 rows where PostgreSQL read the
 * severity's rows (40 ms; there is no region index).
 */
const SHORT_WALK_ROWS = 10_000;

/**
 * Whether walking an order that holds `matches` of `findings` rows, spread
 * along it, meets `rows` of them after far fewer rows than `matches`, or
 * after few rows at all.
 */
export function walkReadsFew(
  rows: number,
  findings: number,
  matches: number,
): boolean {
  if (matches <= 0) return false;
  const walked = (rows * findings) / matches;
  return walked * WALK_MARGIN < matches || walked <= SHORT_WALK_ROWS;
}

/**
 * Whether walking the sort's order is expected to read far fewer rows than
 * the filter matches (see `sortIndexToWalk`).
 */
export function walkPaysOff({
  sort,
  filter,
  matches,
  findings,
  rows,
  ranged,
}: PageReadEstimate): boolean {
  if (!SORT_INDEXES[sort] || !matches) return false;
  const bunched = BUNCHED_BY[sort] ?? [];
  if (!ranged && bunched.some(key => (filter[key]?.length ?? 0) > 0)) {
    return false;
  }
  return walkReadsFew(rows, findings, matches);
}

/** Read the table itself in key order (SQLite's `NOT INDEXED`), as an index to walk. */
export const IN_KEY_ORDER = '';

/**
 * The findings table, read through `index` when given (SQLite's `INDEXED
 * BY`), or in key order for {@link IN_KEY_ORDER}.
 */
export function findingsTable(db: Knex, index?: string): Knex.QueryBuilder {
  if (index === IN_KEY_ORDER) {
    return db.from(db.raw('?? not indexed', [FINDINGS_TABLE]));
  }
  return index
    ? db.from(db.raw('?? indexed by ??', [FINDINGS_TABLE, index]))
    : db(FINDINGS_TABLE);
}

/**
 * The rows `matched` selects, read whole and then sorted by what the caller
 * orders by: never by walking an index in the sort's order, which planners
 * pick when they expect the matches early in it — and the counts know
 * they are not. `OFFSET 0` keeps the subquery from being merged into the
 * sorted query; it is named as the table, so columns keep their names.
 */
export function matchedThenSorted(
  db: Knex,
  matched: Knex.QueryBuilder,
): Knex.QueryBuilder {
  // knex leaves out a numeric `OFFSET 0`; its types do not declare raw.
  const fence = db.raw('0') as unknown as number;
  return db.select('*').from(matched.offset(fence).as(FINDINGS_TABLE));
}
