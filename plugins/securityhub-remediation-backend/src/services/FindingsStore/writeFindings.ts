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
import { newestVersions } from '@internal/plugin-securityhub-remediation-node';
import {
  toFindingDetailRow,
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

/** The rows and details to write of a batch seen at `seenAt` (see `newestVersions`). */
export function prepareWrites(
  findings: PreparedFinding[],
  sourceId: string,
  seenAt: Date,
): { entries: FindingWrite[]; maxUpdatedAt: string | null } {
  const { versions, maxUpdatedAt } = newestVersions(
    findings,
    sourceId,
    seenAt.toISOString(),
  );
  const entries = versions.map(({ row, finding }) => ({
    row,
    detail: toFindingDetailRow(finding.normalized, finding.document),
  }));
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
