import type { Knex } from 'knex';
import type {
  RejectedSyncUnit,
  SourceSyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import { toIso } from './rows';

export const SYNC_STATE_TABLE = 'securityhub_sync_state';

/**
 * A source's sync state as stored: its status plus who runs it. `runOwner`
 * and `heartbeatAt` are left as stored when a write does not set them.
 */
export type SyncStateRecord = SourceSyncStatus & {
  /** The run that wrote the row last; a live run refreshes `heartbeatAt`. */
  runOwner?: string | null;
  heartbeatAt?: string | null;
};

export interface SyncStateRow {
  source_id: string;
  kind: string;
  target: string;
  state: string;
  last_started_at: string | Date | null;
  last_finished_at: string | Date | null;
  last_succeeded_at: string | Date | null;
  watermark: string | Date | null;
  last_imported: number;
  last_unchanged?: number;
  last_unchanged_units?: number;
  last_batches: number;
  last_retries: number;
  last_error: string | null;
  last_rejected: number;
  rejected_json: string | null;
  run_owner?: string | null;
  heartbeat_at?: string | Date | null;
}

export function toSyncStateRow(s: SyncStateRecord): SyncStateRow {
  return {
    source_id: s.sourceId,
    kind: s.kind,
    target: s.target ?? '',
    state: s.state,
    last_started_at: s.lastStartedAt,
    last_finished_at: s.lastFinishedAt,
    last_succeeded_at: s.lastSucceededAt,
    watermark: s.watermark,
    last_imported: s.lastImported ?? 0,
    last_unchanged: s.lastUnchanged ?? 0,
    last_unchanged_units: s.lastUnchangedUnits ?? 0,
    last_batches: s.lastBatches,
    last_retries: s.lastRetries,
    last_error: s.lastError,
    last_rejected: s.lastRejected ?? 0,
    rejected_json: s.rejected?.length ? JSON.stringify(s.rejected) : null,
    ...(s.runOwner !== undefined && { run_owner: s.runOwner }),
    ...(s.heartbeatAt !== undefined && { heartbeat_at: s.heartbeatAt }),
  };
}

function parseRejected(json: string | null): RejectedSyncUnit[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

export function fromSyncStateRow(r: SyncStateRow): SyncStateRecord {
  return {
    sourceId: r.source_id,
    kind: r.kind as SourceSyncStatus['kind'],
    target: r.target,
    state: r.state as SourceSyncStatus['state'],
    lastStartedAt: toIso(r.last_started_at),
    lastFinishedAt: toIso(r.last_finished_at),
    lastSucceededAt: toIso(r.last_succeeded_at),
    watermark: toIso(r.watermark),
    lastImported: Number(r.last_imported),
    lastUnchanged: Number(r.last_unchanged ?? 0),
    lastUnchangedUnits: Number(r.last_unchanged_units ?? 0),
    lastBatches: Number(r.last_batches),
    lastRetries: Number(r.last_retries),
    lastRejected: Number(r.last_rejected ?? 0),
    rejected: parseRejected(r.rejected_json ?? null),
    lastError: r.last_error,
    runOwner: r.run_owner ?? null,
    heartbeatAt: toIso(r.heartbeat_at ?? null),
  };
}

/** Every source's sync state, by source id. */
export async function readSyncStates(db: Knex): Promise<SyncStateRecord[]> {
  const rows = await db(SYNC_STATE_TABLE).orderBy('source_id');
  return rows.map(fromSyncStateRow);
}

export async function writeSyncState(
  db: Knex,
  state: SyncStateRecord,
): Promise<void> {
  await db(SYNC_STATE_TABLE)
    .insert(toSyncStateRow(state))
    .onConflict('source_id')
    .merge();
}
