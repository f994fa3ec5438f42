import type { Knex } from 'knex';
import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  type FindingDetailRow,
  type FindingRow,
} from './rows';
import { upsertStatement } from './upsertStatement';

/** A finding to write: its narrow row and its details (keyed once stored). */
export interface FindingWrite {
  row: FindingRow;
  detail: Omit<FindingDetailRow, 'finding_pk'>;
}

const ROW_COLUMNS: Array<keyof FindingRow> = [
  'id',
  'source_id',
  'aws_account_id',
  'region',
  'control_id',
  'title',
  'severity',
  'severity_rank',
  'compliance_status',
  'workflow_status',
  'record_state',
  'resource_type',
  'resource_id',
  'created_at',
  'updated_at',
  'first_observed_at',
  'last_observed_at',
  'first_seen_at',
  'last_seen_at',
  'resolved_at',
  'search_text',
];

/** Columns an upsert replaces: first_seen_at is kept, resolved_at has its own rule. */
const MERGED_COLUMNS = ROW_COLUMNS.filter(
  c => c !== 'id' && c !== 'first_seen_at' && c !== 'resolved_at',
);

const DETAIL_COLUMNS: Array<keyof FindingDetailRow> = [
  'finding_pk',
  'product_arn',
  'generator_id',
  'description',
  'resources_json',
  'remediation_text',
  'remediation_url',
  'document',
];

const replaceWithNew = (column: string): [string, string] => [
  column,
  `excluded.${column}`,
];

/** The update of a newer version; resolved_at stays the earliest resolution while resolved. */
const FINDING_UPDATES: Array<[string, string]> = [
  ...MERGED_COLUMNS.map(replaceWithNew),
  [
    'resolved_at',
    `case when excluded.resolved_at is null then null
          else coalesce(${FINDINGS_TABLE}.resolved_at, excluded.resolved_at) end`,
  ],
];

const DETAIL_UPDATES = DETAIL_COLUMNS.filter(c => c !== 'finding_pk').map(
  replaceWithNew,
);

/** Rows per statement: 21 columns × 1,500 stays under SQLite's 32,766 bind variables. */
const ROWS_PER_STATEMENT = 1500;

/**
 * Writes findings inside the caller's transaction; returns how many were
 * written. Newest version wins (an older copy from a stale export or a
 * re-read page never rolls a finding back); `resolved_at` is null while open
 * and otherwise the earliest time the finding was seen resolved. Details are
 * replaced only for rows that were written.
 *
 * Multi-row statements measured faster than per-row prepared statements on
 * better-sqlite3 and than `json_populate_recordset` on PostgreSQL.
 */
export async function writeFindings(
  trx: Knex.Transaction,
  findings: FindingWrite[],
): Promise<number> {
  let written = 0;
  for (let i = 0; i < findings.length; i += ROWS_PER_STATEMENT) {
    const chunk = findings.slice(i, i + ROWS_PER_STATEMENT);
    const stored = (await upsertStatement(trx, {
      table: FINDINGS_TABLE,
      rows: chunk.map(f => f.row),
      conflictColumn: 'id',
      set: FINDING_UPDATES,
      where: `${FINDINGS_TABLE}.updated_at <= excluded.updated_at`,
      returning: ['pk', 'id'],
    })) as Array<{ pk: number | string; id: string }>;
    if (stored.length === 0) continue;
    written += stored.length;
    const pkById = new Map(stored.map(s => [s.id, Number(s.pk)]));
    const details: FindingDetailRow[] = [];
    for (const { row, detail } of chunk) {
      const pk = pkById.get(row.id);
      if (pk !== undefined) details.push({ finding_pk: pk, ...detail });
    }
    await upsertStatement(trx, {
      table: DETAILS_TABLE,
      rows: details,
      conflictColumn: 'finding_pk',
      set: DETAIL_UPDATES,
    });
  }
  return written;
}
