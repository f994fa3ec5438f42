import type { Knex } from 'knex';
import { setImmediate as nextTurn } from 'timers/promises';
import {
  DETAIL_UPDATES,
  DETAILS_TABLE,
  FINDING_UPDATES,
  FINDINGS_TABLE,
  NEWER_VERSION,
} from './findingColumns';
import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import {
  toFindingDetailRow,
  toFindingRow,
  type FindingDetailRow,
  type FindingRow,
} from './rows';
import { upsertStatement } from './upsertStatement';
import { sqliteWritePace } from './sqliteWritePace';
import type { FirstLoad } from './firstLoad';
import {
  upsertThroughCopy,
  writeFirstLoadThroughCopy,
} from './writeThroughCopy';

/** A finding to write: its narrow row and its details (keyed once stored). */
export interface FindingWrite {
  row: FindingRow;
  detail: Omit<FindingDetailRow, 'finding_pk'>;
}

/**
 * The rows of a batch seen at `seenAt`: one per finding id, the newest
 * version winning inside the batch too, and the batch's highest UpdatedAt.
 */
export function prepareWrites(
  findings: PreparedFinding[],
  sourceId: string,
  seenAt: Date,
): { entries: FindingWrite[]; maxUpdatedAt: string | null } {
  const seen = seenAt.toISOString();
  const byId = new Map<string, FindingWrite>();
  for (const { normalized, document } of findings) {
    const row = toFindingRow(normalized, sourceId, seen, document);
    const existing = byId.get(row.id);
    if (!existing || existing.row.updated_at <= row.updated_at) {
      byId.set(row.id, {
        row,
        detail: toFindingDetailRow(normalized, document),
      });
    }
  }
  const entries = [...byId.values()];
  let maxUpdatedAt: string | null = null;
  for (const { row } of entries) {
    const updated = row.updated_at as string;
    if (!maxUpdatedAt || updated > maxUpdatedAt) maxUpdatedAt = updated;
  }
  return { entries, maxUpdatedAt };
}

/**
 * Writes findings inside the caller's transaction; returns how many were
 * written. Newest version wins (an older copy from a stale export or a
 * re-read page never rolls a finding back); `resolved_at` is null while open
 * and otherwise the earliest time the finding was seen resolved. Details are
 * replaced only for rows that were written. Ids must be unique in `findings`.
 * `load` is set inside a first load into an empty store (see `bulkLoad`).
 *
 * PostgreSQL takes the batch through COPY and a staging table; SQLite takes
 * short multi-row statements (faster there than per-row prepared
 * statements), paced by `sqliteWritePace`, and lets other work run between
 * them.
 */
export async function writeFindings(
  trx: Knex.Transaction,
  findings: FindingWrite[],
  load?: FirstLoad,
): Promise<number> {
  if (findings.length === 0) return 0;
  if (trx.client.dialect === 'postgresql') {
    return load
      ? writeFirstLoadThroughCopy(trx, findings, load)
      : upsertThroughCopy(trx, findings);
  }
  let written = 0;
  for (let i = 0; i < findings.length; ) {
    if (i > 0) await nextTurn();
    const chunk = findings.slice(i, i + sqliteWritePace.nextRows());
    const start = performance.now();
    written += await writeChunk(trx, chunk);
    sqliteWritePace.record(chunk.length, performance.now() - start);
    i += chunk.length;
  }
  return written;
}

async function writeChunk(
  trx: Knex.Transaction,
  chunk: FindingWrite[],
): Promise<number> {
  const stored = (await upsertStatement(trx, {
    table: FINDINGS_TABLE,
    rows: chunk.map(f => f.row),
    conflictColumn: 'id',
    set: FINDING_UPDATES,
    where: NEWER_VERSION,
    returning: ['pk', 'id'],
  })) as Array<{ pk: number | string; id: string }>;
  if (stored.length === 0) return 0;
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
  return stored.length;
}
