import type { SourceSyncStatus } from '@internal/plugin-securityhub-remediation-common';
import { toIso } from './rows';

interface SyncStateRow {
  source_id: string;
  kind: string;
  target: string;
  state: string;
  last_started_at: string | Date | null;
  last_finished_at: string | Date | null;
  last_succeeded_at: string | Date | null;
  watermark: string | Date | null;
  last_imported: number;
  last_batches: number;
  last_retries: number;
  last_error: string | null;
}

export function toSyncStateRow(s: SourceSyncStatus): SyncStateRow {
  return {
    source_id: s.sourceId,
    kind: s.kind,
    target: s.target,
    state: s.state,
    last_started_at: s.lastStartedAt,
    last_finished_at: s.lastFinishedAt,
    last_succeeded_at: s.lastSucceededAt,
    watermark: s.watermark,
    last_imported: s.lastImported,
    last_batches: s.lastBatches,
    last_retries: s.lastRetries,
    last_error: s.lastError,
  };
}

export function fromSyncStateRow(r: SyncStateRow): SourceSyncStatus {
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
    lastBatches: Number(r.last_batches),
    lastRetries: Number(r.last_retries),
    lastError: r.last_error,
  };
}
