import type { Knex } from 'knex';
import type {
  Finding,
  FindingSortField,
  FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { scopedFindings, type FindingScope } from './filters';
import { SORT_COLUMNS, sortColumnSql, whereAfterSortKey } from './cursor';
import { readFindingDetails } from './findingDetails';
import { FINDINGS_TABLE, fromFindingRows, type FindingRow } from './rows';

/** What an export reads: a filter and the list's sort. */
export type FindingsStreamQuery = FindingsFilter & {
  sort: FindingSortField;
  order: 'asc' | 'desc';
};

/** Rows read per query when the caller does not say. */
export const DEFAULT_STREAM_BATCH_SIZE = 1000;

/**
 * Every finding matching `query` within `scope`, in the list's order (sort
 * column, then pk), as batches of at most `batchSize`. Each batch is one
 * keyset query after the last row of the previous one, so memory holds one
 * batch whatever the total, and nothing is counted. The raw document is not
 * read. Batches are separate statements: a sync writing meanwhile may show
 * in later batches, as it would when paging the list.
 */
export async function* streamFindings(
  reader: Knex,
  query: FindingsStreamQuery,
  scope: FindingScope,
  batchSize: number = DEFAULT_STREAM_BATCH_SIZE,
): AsyncGenerator<Finding[]> {
  const { sort, order, ...filter } = query;
  const sortColumn = SORT_COLUMNS[sort];
  let after: { value: unknown; key: number } | undefined;
  for (;;) {
    const page = scopedFindings(reader, filter, scope).select(
      `${FINDINGS_TABLE}.*`,
    );
    if (after) whereAfterSortKey(page, sort, order, after.value, after.key);
    const rows: FindingRow[] = await page
      .orderBy(sortColumnSql(sort), order)
      .orderBy(`${FINDINGS_TABLE}.pk`, order)
      .limit(batchSize);
    if (rows.length === 0) return;
    const details = await readFindingDetails(reader, rows, [
      'finding_pk',
      'product_arn',
      'generator_id',
      'description',
      'resources_json',
      'remediation_text',
      'remediation_url',
    ]);
    yield rows.map(r => fromFindingRows(r, details.get(Number(r.pk))));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    // The stored value as read: the comparison then matches it exactly.
    after = { value: last[sortColumn], key: Number(last.pk) };
  }
}
