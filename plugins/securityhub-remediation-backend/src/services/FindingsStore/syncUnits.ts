import type { Knex } from 'knex';
import type { UnitFingerprint } from '@internal/plugin-securityhub-remediation-node';

export const SYNC_UNITS_TABLE = 'securityhub_sync_units';

interface SyncUnitRow {
  source_id: string;
  origin: string;
  size: number | string;
  mtime_ms: number | string;
  sha256: string;
  findings: number;
}

/** The fingerprints of a source's units stored in full, by origin. */
export async function readSyncUnits(
  db: Knex,
  sourceId: string,
): Promise<Map<string, UnitFingerprint>> {
  const rows: SyncUnitRow[] = await db(SYNC_UNITS_TABLE).where({
    source_id: sourceId,
  });
  return new Map(
    rows.map(r => [
      r.origin,
      {
        size: Number(r.size),
        mtimeMs: Number(r.mtime_ms),
        sha256: r.sha256,
        findings: Number(r.findings),
      },
    ]),
  );
}

/** Written in the unit's own transaction, so it is kept only with its findings. */
export async function writeSyncUnit(
  db: Knex,
  sourceId: string,
  origin: string,
  fingerprint: UnitFingerprint,
): Promise<void> {
  await db(SYNC_UNITS_TABLE)
    .insert({
      source_id: sourceId,
      origin,
      size: fingerprint.size,
      mtime_ms: fingerprint.mtimeMs,
      sha256: fingerprint.sha256,
      findings: fingerprint.findings,
    })
    .onConflict(['source_id', 'origin'])
    .merge();
}

/** Forgets the units a complete run no longer saw (files removed or renamed). */
export async function keepSyncUnits(
  db: Knex,
  sourceId: string,
  seen: ReadonlySet<string>,
): Promise<void> {
  const stored: Array<{ origin: string }> = await db(SYNC_UNITS_TABLE)
    .where({ source_id: sourceId })
    .select('origin');
  const gone = stored.map(r => r.origin).filter(o => !seen.has(o));
  for (let i = 0; i < gone.length; i += 500) {
    await db(SYNC_UNITS_TABLE)
      .where({ source_id: sourceId })
      .whereIn('origin', gone.slice(i, i + 500))
      .delete();
  }
}
