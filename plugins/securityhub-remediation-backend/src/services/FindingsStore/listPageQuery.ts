import type { Knex } from 'knex';
import type { FindingsListQuery } from '@internal/plugin-securityhub-remediation-common';
import { sortColumnSql, whereAfterSortKey, type CursorPayload } from './cursor';
import { scopedFindings, type FindingScope } from './filters';
import { sortIndexToWalk } from './pageReadOrder';
import { FINDINGS_TABLE } from './rows';
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
  /** Findings the filter matches in scope when known, and findings stored. */
  counted: { matches?: number; findings: number },
): Knex.QueryBuilder {
  const { sort, order, limit, cursor, offset, ...filter } = query;
  const matches = plan?.keys;
  const paged = plan?.paged === true;
  const index = paged
    ? undefined
    : sortIndexToWalk(reader, {
        sort,
        filter,
        matches: matches?.length ?? counted.matches,
        findings: counted.findings,
        rows: (after ? 0 : offset ?? 0) + limit + 1,
      });
  // Keys that carry the resource filter: asking its key index again for
  // every row would read all of a broad tag's findings.
  const pageFilter =
    matches && plan?.resourcesMatched
      ? { ...filter, resourceTag: undefined, resourceIdPrefix: undefined }
      : filter;
  const page = scopedFindings(reader, pageFilter, scope, matches, index).select(
    `${FINDINGS_TABLE}.*`,
  );
  if (after && !paged) whereAfterSortKey(page, sort, order, after.v, after.k);
  page
    .orderBy(sortColumnSql(sort), order)
    .orderBy(`${FINDINGS_TABLE}.pk`, order)
    .limit(limit + 1);
  // A page jump; the schema bounds it and never pairs it with a cursor.
  if (offset && !paged) page.offset(offset);
  return page;
}
