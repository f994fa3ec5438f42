import type { Knex } from 'knex';
import { DETAILS_TABLE, type FindingDetailRow, type FindingRow } from './rows';

/**
 * The details of stored rows, by pk. `columns` narrows what is read: the raw
 * document is the largest column and only single-finding reads need it.
 */
export async function readFindingDetails(
  reader: Knex,
  rows: FindingRow[],
  columns: Array<keyof FindingDetailRow> | '*' = '*',
): Promise<Map<number, FindingDetailRow>> {
  if (rows.length === 0) return new Map();
  const details: FindingDetailRow[] = await reader(DETAILS_TABLE)
    .select(columns === '*' ? '*' : columns.map(String))
    .whereIn(
      'finding_pk',
      rows.map(r => r.pk!),
    );
  return new Map(details.map(d => [Number(d.finding_pk), d]));
}
