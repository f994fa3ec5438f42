import type { Knex } from 'knex';
import {
  type AsffFinding,
  type FindingTriageChange,
  prepareFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  toIso,
  type FindingDetailRow,
  type FindingRow,
} from './rows';
import { prepareWrites, writeFindings } from './writeFindings';

/**
 * Where a triage was applied, which decides the `UpdatedAt` stamped on the
 * stored copy (see {@link triageUpdatedAt}).
 */
export type TriageWriteMode = 'securityhub' | 'local';

/** A triage to write through to the stored findings. */
export interface StoredTriage {
  findingIds: string[];
  change: FindingTriageChange;
  /** The note's `UpdatedBy`: the user's entity ref. */
  updatedBy: string;
  mode: TriageWriteMode;
}

/**
 * The `UpdatedAt` of the stored finding after a triage.
 *
 * - `securityhub`: BatchUpdateFindings moved the finding's UpdatedAt in
 *   Security Hub to a time after the request was sent, and the next sync
 *   brings that version, which must replace this copy (confirming it). So
 *   the copy is stamped no later than Security Hub would stamp it: 1 ms after
 *   the stored version (enough for a sync still holding the pre-triage
 *   version not to roll it back), but never past `now`.
 * - `local`: no source will ever bring a newer version for the triage, and
 *   re-reading the unchanged file brings the old one again; stamped strictly
 *   newer than the stored version (and at least `now`), as
 *   `markPassedLocally` does, so that re-read does not roll it back.
 */
export function triageUpdatedAt(
  mode: TriageWriteMode,
  storedUpdatedAt: string,
  now: Date,
): string {
  const stored = Date.parse(storedUpdatedAt);
  const at =
    mode === 'local'
      ? Math.max(now.getTime(), stored + 1)
      : Math.max(stored, Math.min(stored + 1, now.getTime()));
  return new Date(at).toISOString();
}

function triaged(
  document: AsffFinding,
  triage: StoredTriage,
  updatedAt: string,
  now: Date,
): AsffFinding {
  const next: AsffFinding = { ...document, UpdatedAt: updatedAt };
  if (triage.change.workflowStatus) {
    next.Workflow = {
      ...document.Workflow,
      Status: triage.change.workflowStatus,
    };
  }
  if (triage.change.note !== undefined) {
    // ASFF holds one note: a new note replaces the previous one, as in Security Hub.
    next.Note = {
      Text: triage.change.note,
      UpdatedBy: triage.updatedBy,
      UpdatedAt: now.toISOString(),
    };
  }
  return next;
}

/**
 * Applies a triage to the stored findings in one transaction, through the
 * same versioned upsert a sync uses, so the counts (kept by triggers on the
 * findings table) and the data version move with it. Answers the ids of the
 * findings the store holds (and so changed).
 */
export async function writeTriage(
  db: Knex,
  triage: StoredTriage,
  now: Date = new Date(),
): Promise<string[]> {
  if (triage.findingIds.length === 0) return [];
  return db.transaction(async trx => {
    const select = trx(FINDINGS_TABLE)
      .whereIn('id', triage.findingIds)
      .select('pk', 'id', 'updated_at', 'source_id');
    // PostgreSQL: a sync committing a version between this read and the
    // write below would otherwise be overwritten by a copy of the older one.
    if (trx.client.dialect === 'postgresql') select.forUpdate();
    const rows: Array<
      Pick<FindingRow, 'pk' | 'id' | 'updated_at' | 'source_id'>
    > = await select;
    if (rows.length === 0) return [];
    const details: Array<Pick<FindingDetailRow, 'finding_pk' | 'document'>> =
      await trx(DETAILS_TABLE)
        .whereIn(
          'finding_pk',
          rows.map(r => r.pk!),
        )
        .select('finding_pk', 'document');
    const documents = new Map(
      details.map(d => [Number(d.finding_pk), d.document]),
    );
    const bySource = new Map<string, AsffFinding[]>();
    const changed: string[] = [];
    for (const row of rows) {
      const document = documents.get(Number(row.pk));
      if (!document) continue;
      const updatedAt = triageUpdatedAt(
        triage.mode,
        toIso(row.updated_at),
        now,
      );
      const list = bySource.get(row.source_id) ?? [];
      list.push(triaged(JSON.parse(document), triage, updatedAt, now));
      bySource.set(row.source_id, list);
      changed.push(row.id);
    }
    for (const [sourceId, findings] of bySource) {
      const { entries } = prepareWrites(
        findings.map(prepareFinding),
        sourceId,
        now,
      );
      await writeFindings(trx, entries);
    }
    return changed;
  });
}
