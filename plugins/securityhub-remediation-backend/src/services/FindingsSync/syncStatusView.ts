import type {
  SourceSyncStatus,
  SyncRunState,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingsSource } from '@internal/plugin-securityhub-remediation-node';
import type { SyncStateRecord } from '../FindingsStore';

/** The status of a source that never ran. */
export function neverRun(source: FindingsSource): SourceSyncStatus {
  return {
    sourceId: source.id,
    kind: source.kind,
    target: source.target,
    state: 'never',
    lastStartedAt: null,
    lastFinishedAt: null,
    lastSucceededAt: null,
    watermark: null,
    lastImported: 0,
    lastUnchanged: 0,
    lastUnchangedUnits: 0,
    lastBatches: 0,
    lastRetries: 0,
    lastRejected: 0,
    rejected: [],
    lastError: null,
  };
}

/** The public status of a stored record (without who runs it). */
export function publicStatus(record: SyncStateRecord): SourceSyncStatus {
  const { runOwner: _owner, heartbeatAt: _heartbeat, ...status } = record;
  return status;
}

const GENERIC_ERRORS: Partial<Record<SyncRunState, string>> = {
  failed:
    'The last run failed; what it stored before is kept. An administrator can see why.',
  interrupted:
    'The backend running the last run stopped before it finished; what it stored is kept.',
};

/**
 * A status for callers without the sync admin permission. Source ids and
 * targets name folders and accounts, error text and rejected units quote
 * other accounts' findings and file contents: all of that is left out, the
 * state, times and run counters stay.
 */
export function sanitizedStatus(
  status: SourceSyncStatus,
  index: number,
): SourceSyncStatus {
  return {
    ...status,
    sourceId: `source ${index + 1}`,
    target: null,
    lastImported: null,
    lastUnchanged: null,
    rejected: [],
    lastError:
      status.lastError === null
        ? null
        : GENERIC_ERRORS[status.state] ?? 'The last run reported an error.',
  };
}
