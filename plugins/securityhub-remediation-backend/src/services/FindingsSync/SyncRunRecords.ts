import type { Knex } from 'knex';
import {
  fromSyncStateRow,
  SYNC_STATE_TABLE,
  type SyncStateRecord,
} from '../FindingsStore';

/** What a sync needs to tell a live run from one whose backend stopped. */
export interface SyncRunRecords {
  /** Every stored sync state, with its run owner and heartbeat. */
  list(): Promise<SyncStateRecord[]>;
  /** Refreshes the heartbeat of the rows `owner` is running. */
  heartbeat(owner: string, at: string): Promise<void>;
  /**
   * Marks a run interrupted if it is still `running` under `owner` and its
   * heartbeat is not newer than `staleBefore`: a run that came back to life
   * or a new run that took the row over is left alone.
   */
  markInterrupted(mark: {
    sourceId: string;
    owner: string | null;
    staleBefore: string;
    at: string;
    message: string;
  }): Promise<boolean>;
  /**
   * Records a request for a run unless one is pending (requested after
   * `staleBefore` and no run started since): null when this request won,
   * else when the pending one was made.
   */
  requestRun(at: string, staleBefore: string): Promise<string | null>;
  /** Clears the pending request: a run started, or the request was refused. */
  clearRunRequest(): Promise<void>;
}

const REQUESTS_TABLE = 'securityhub_sync_requests';
const SYNC_TASK = 'findings-sync';

/** {@link SyncRunRecords} on the plugin's database, next to the store's rows. */
export class KnexSyncRunRecords implements SyncRunRecords {
  constructor(private readonly db: Knex) {}

  async list(): Promise<SyncStateRecord[]> {
    const rows = await this.db(SYNC_STATE_TABLE).orderBy('source_id');
    return rows.map(fromSyncStateRow);
  }

  async heartbeat(owner: string, at: string): Promise<void> {
    await this.db(SYNC_STATE_TABLE)
      .where({ run_owner: owner, state: 'running' })
      .update({ heartbeat_at: at });
  }

  async markInterrupted(mark: {
    sourceId: string;
    owner: string | null;
    staleBefore: string;
    at: string;
    message: string;
  }): Promise<boolean> {
    const query = this.db(SYNC_STATE_TABLE).where({
      source_id: mark.sourceId,
      state: 'running',
    });
    if (mark.owner === null) query.whereNull('run_owner');
    else query.where('run_owner', mark.owner);
    // A row written before heartbeats existed has only its start time.
    query.where(q =>
      q
        .where('heartbeat_at', '<=', mark.staleBefore)
        .orWhere(sub =>
          sub
            .whereNull('heartbeat_at')
            .where('last_started_at', '<=', mark.staleBefore),
        ),
    );
    const updated = await query.update({
      state: 'interrupted',
      last_finished_at: mark.at,
      last_error: mark.message,
    });
    return updated > 0;
  }

  async requestRun(at: string, staleBefore: string): Promise<string | null> {
    await this.db(REQUESTS_TABLE)
      .insert({ task_id: SYNC_TASK, requested_at: null })
      .onConflict('task_id')
      .ignore();
    // One conditional update: of two requests at once, one changes the row.
    const won = await this.db(REQUESTS_TABLE)
      .where('task_id', SYNC_TASK)
      .where(q =>
        q.whereNull('requested_at').orWhere('requested_at', '<=', staleBefore),
      )
      .update({ requested_at: at });
    if (won > 0) return null;
    const row = await this.db(REQUESTS_TABLE)
      .where('task_id', SYNC_TASK)
      .first();
    return row?.requested_at ? new Date(row.requested_at).toISOString() : null;
  }

  async clearRunRequest(): Promise<void> {
    await this.db(REQUESTS_TABLE)
      .where('task_id', SYNC_TASK)
      .update({ requested_at: null });
  }
}
