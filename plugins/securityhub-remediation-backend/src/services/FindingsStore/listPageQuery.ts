import type { Knex } from 'knex';
import type { FindingsListQuery } from '@internal/plugin-securityhub-remediation-common';
import { sortColumnSql, whereAfterSortKey, type CursorPayload } from './cursor';
import { listedAccounts, scopedFindings, type FindingScope } from './filters';
import {
  IN_KEY_ORDER,
  findingsTable,
  matchedThenSorted,
  sortAllMatches,
  sortIndexToWalk,
} from './pageReadOrder';
import type { NarrowestIndex } from './narrowestIndex';
import { FINDINGS_TABLE } from './rows';
import type { TitleRange } from './titleRange';
import type { UncountedListPlan } from './uncountedSearch';

/**
 * The statement that reads one page of a list (its rows and one more, to
 * tell whether another page follows): by the keys a search found, the
 * page itself when they are (`paged`), or by the filter in the sort's
 * order, through the sort's index when the filter is broad (see
 * `sortIndexToWalk`).
 */
export function listPageQuery(
  reader: Knex,
  query: FindingsListQuery,
  after: CursorPayload | undefined,
  scope: FindingScope,
  plan: UncountedListPlan | undefined,
  /**
   * Findings the filter matches in scope when known, findings stored, and
   * for a list by title the titles the matches lie between when known.
   */
  counted: {
    matches?: number;
    findings: number;
    titleRange?: TitleRange;
    /** SQLite: the index that finds the matches through the fewest rows. */
    narrowest?: () => NarrowestIndex | undefined;
  },
): Knex.QueryBuilder {
  const { sort, order, limit, cursor, offset, ...filter } = query;
  const matches = plan?.keys;
  const paged = plan?.paged === true;
  const range = paged || sort !== 'title' ? undefined : counted.titleRange;
  const estimate = {
    sort,
    filter: { ...filter, accountId: listedAccounts(scope) ?? filter.accountId },
    matches: matches?.length ?? counted.matches,
    findings: range?.findings ?? counted.findings,
    rows: (after ? 0 : offset ?? 0) + limit + 1,
    ranged: range !== undefined,
  };
  const walked = paged ? undefined : sortIndexToWalk(reader, estimate);
  const postgres = reader.client.dialect === 'postgresql';
  // SQLite sorting every match finds them through the narrowest index.
  const index =
    walked ??
    (paged || postgres
      ? undefined
      : readThrough(matches?.length, counted.narrowest));
  // Keys that carry the resource filter: asking its key index again for
  // every row would read all of a broad tag's findings.
  const pageFilter =
    matches && plan?.resourcesMatched
      ? { ...filter, resourceTag: undefined, resourceIdPrefix: undefined }
      : filter;
  const matched = scopedFindings(reader, pageFilter, scope, matches, index);
  // Every match lies in it: the walk starts at the first.
  if (range) {
    matched.whereBetween(`${FINDINGS_TABLE}.title`, [
      range.lowest,
      range.highest,
    ]);
  }
  if (after && !paged) {
    whereAfterSortKey(matched, sort, order, after.v, after.k);
  }
  const sorted = (rows: Knex.QueryBuilder) =>
    rows
      .orderBy(sortColumnSql(sort), order)
      .orderBy(`${FINDINGS_TABLE}.pk`, order);
  // SQLite sorting every match sorts whole rows unless told otherwise: the
  // keys alone sort in a third less time (a severity by title: 66 → 46 ms
  // at a million findings), and then the page's rows are read by key.
  const keysFirst = !paged && !postgres && walked === undefined;
  const page = sorted(
    !paged && sortAllMatches(reader, estimate)
      ? matchedThenSorted(reader, matched.select(`${FINDINGS_TABLE}.*`))
      : matched.select(`${FINDINGS_TABLE}.${keysFirst ? 'pk' : '*'}`),
  ).limit(limit + 1);
  // A page jump; the schema bounds it and never pairs it with a cursor.
  if (offset && !paged) page.offset(offset);
  if (!keysFirst) return page;
  return sorted(
    findingsTable(reader).select('*').whereIn(`${FINDINGS_TABLE}.pk`, page),
  );
}

/**
 * SQLite, sorting every match: the keys a search found when there are
 * fewer of them than rows the narrowest index reads (each a lookup by key),
 * else that index. A search's 2,400 keys among the open findings were
 * otherwise checked against each of the status index's 458,000 rows (75 ms).
 */
function readThrough(
  keys: number | undefined,
  narrowest: (() => NarrowestIndex | undefined) | undefined,
): string | undefined {
  const best = narrowest?.();
  if (keys !== undefined && (!best || keys < best.rows)) return IN_KEY_ORDER;
  return best?.index;
}
