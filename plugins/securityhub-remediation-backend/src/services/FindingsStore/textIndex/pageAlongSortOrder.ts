import type { Knex } from 'knex';
import type {
  FindingSortField,
  FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { SORT_COLUMNS, sortColumnSql, whereAfterSortKey } from '../cursor';
import { scopedFindings, type FindingScope } from '../filters';
import { sortIndexToWalk, walkPaysOff } from '../pageReadOrder';
import { FINDINGS_TABLE } from '../rows';

/** Keys read per statement while walking. */
const CHUNK_ROWS = 1_000;
/** Statements at most: a walk that would read more is left to SQL. */
const MOST_CHUNKS = 10;

/** A page in a sort order other than severity, of matches only memory knows. */
export interface SortedPageRequest {
  /** The filter without what memory matches (free text, resource keys). */
  filter: FindingsFilter;
  scope: FindingScope;
  sort: FindingSortField;
  order: 'asc' | 'desc';
  /** The last row of the page before: its sort value and key. */
  after?: { v: unknown; k: number };
  offset: number;
  /** Keys wanted after the offset: the page and one more. */
  count: number;
  /** Matches in scope, and findings stored. */
  matches: number;
  findings: number;
}

/**
 * The keys of a page of matches that memory knows (a search's or a resource
 * filter's) in a sort order other than severity, too many to list: the
 * sort's index is walked in the database a chunk of keys at a time, under
 * the other filters and the scope, and the keys that match are kept until
 * the page is full. Undefined when the matches are too sparse along the
 * order for the walk to pay off, or it would read more than
 * {@link MOST_CHUNKS} chunks: SQL then reads the page as before.
 */
export async function pageAlongSortOrder(
  reader: Knex,
  isMatch: (key: number) => boolean,
  request: SortedPageRequest,
): Promise<number[] | undefined> {
  const { filter, scope, sort, order, offset, count } = request;
  const estimate = { ...request, rows: offset + count };
  if (!walkPaysOff(estimate)) return undefined;
  const index = sortIndexToWalk(reader, estimate);
  const column = SORT_COLUMNS[sort];
  const keys: number[] = [];
  let after = request.after;
  for (let chunk = 0; chunk < MOST_CHUNKS; chunk++) {
    const query = scopedFindings(reader, filter, scope, undefined, index)
      .select(`${FINDINGS_TABLE}.pk`, sortColumnSql(sort))
      .orderBy(sortColumnSql(sort), order)
      .orderBy(`${FINDINGS_TABLE}.pk`, order)
      .limit(CHUNK_ROWS);
    if (after) whereAfterSortKey(query, sort, order, after.v, after.k);
    const rows: Array<Record<string, unknown>> = await query;
    for (const row of rows) {
      const key = Number(row.pk);
      if (!isMatch(key)) continue;
      keys.push(key);
      if (keys.length === offset + count) return keys.slice(offset);
    }
    if (rows.length < CHUNK_ROWS) return keys.slice(offset);
    const last = rows[rows.length - 1];
    after = { v: last[column], k: Number(last.pk) };
  }
  return undefined;
}
