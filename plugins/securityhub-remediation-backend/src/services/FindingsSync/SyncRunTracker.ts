import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { FindingsStore } from '../FindingsStore';
import type { SyncRunRecords } from './SyncRunRecords';

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_STALE_AFTER_MS = 90_000;
/** A requested run not started by then was lost (the scheduler claims due tasks every few seconds). */
const RUN_REQUEST_EXPIRES_MS = 60_000;

/** What {@link SyncRunTracker.markInterruptedRuns} found. */
export interface InterruptedRunsCheck {
  /** Sources whose run was marked interrupted now. */
  interrupted: string[];
  /** A run with a live owner goes on (here or on another instance). */
  liveRun: boolean;
  /** When a run that looks alive now would go stale, if one does. */
  recheckAt: Date | null;
}

/**
 * Who runs a sync: every run has an owner whose heartbeat is refreshed while
 * it goes, so a run whose backend stopped can be told from one that goes on
 * here or on another instance. Without `runs` nothing is recorded and only
 * the runs of this process are known.
 */
export class SyncRunTracker {
  /** Runs going on in this process: owner → start time. */
  private readonly liveRuns = new Map<string, string>();

  constructor(
    private readonly options: {
      logger: LoggerService;
      now: () => Date;
      runs?: SyncRunRecords;
      heartbeatMs?: number;
      staleAfterMs?: number;
    },
  ) {}

  /** Runs `fn` as one owned run, its heartbeat refreshed while it goes. */
  async asRun<T>(fn: (owner: string) => Promise<T>): Promise<T> {
    const { runs, logger } = this.options;
    const owner = randomUUID();
    this.liveRuns.set(owner, this.options.now().toISOString());
    let beating = false;
    const beat = async () => {
      // One at a time: on SQLite a first load's transaction holds the only
      // connection, and heartbeats must not pile up behind it.
      if (beating || !runs) return;
      beating = true;
      try {
        await runs.heartbeat(owner, this.options.now().toISOString());
      } catch (error) {
        logger.warn(`Findings sync heartbeat failed: ${error}`);
      } finally {
        beating = false;
      }
    };
    const timer = runs
      ? setInterval(beat, this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)
      : undefined;
    timer?.unref?.();
    try {
      // The run a request asked for has started: the next request may go.
      await runs?.clearRunRequest().catch(error => {
        logger.warn(`Clearing the findings sync request failed: ${error}`);
      });
      return await fn(owner);
    } finally {
      clearInterval(timer);
      this.liveRuns.delete(owner);
    }
  }

  /**
   * Marks as interrupted every `running` source whose run has no live
   * backend: not running in this process and no heartbeat for
   * `staleAfterMs`. Runs of other live instances keep their heartbeat fresh
   * and are left alone.
   */
  async markInterruptedRuns(): Promise<InterruptedRunsCheck> {
    const { runs, logger } = this.options;
    const check: InterruptedRunsCheck = {
      interrupted: [],
      liveRun: this.liveRuns.size > 0,
      recheckAt: null,
    };
    if (!runs) return check;
    const now = this.options.now();
    const staleAfterMs = this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
    for (const row of await runs.list()) {
      if (row.state !== 'running') continue;
      if (row.runOwner && this.liveRuns.has(row.runOwner)) continue;
      const lastSign = row.heartbeatAt ?? row.lastStartedAt;
      const staleAt = lastSign ? Date.parse(lastSign) + staleAfterMs : 0;
      if (staleAt > now.getTime()) {
        check.liveRun = true;
        if (!check.recheckAt || staleAt < check.recheckAt.getTime()) {
          check.recheckAt = new Date(staleAt);
        }
        continue;
      }
      const marked = await runs.markInterrupted({
        sourceId: row.sourceId,
        owner: row.runOwner ?? null,
        staleBefore,
        at: now.toISOString(),
        message: `Interrupted: the backend running this sync (started ${
          row.lastStartedAt ?? 'at an unknown time'
        }) stopped; last heard of ${
          lastSign ?? 'never'
        }. What it stored is kept; the next run reads again from the last watermark.`,
      });
      if (marked) {
        check.interrupted.push(row.sourceId);
        logger.warn(
          `Findings sync of ${row.sourceId} was interrupted (last heard of ${lastSign}); marked so`,
        );
      }
    }
    return check;
  }

  /**
   * Claims the one pending run request: null when this caller's request
   * stands, else when the pending one was made (a run is on its way).
   */
  async requestRun(): Promise<string | null> {
    const { runs } = this.options;
    if (!runs) return null;
    const now = this.options.now();
    return runs.requestRun(
      now.toISOString(),
      new Date(now.getTime() - RUN_REQUEST_EXPIRES_MS).toISOString(),
    );
  }

  /** Withdraws a request the scheduler refused. */
  async withdrawRunRequest(): Promise<void> {
    await this.options.runs?.clearRunRequest();
  }

  /** When the run going on started, or null when none is known. */
  async runningSince(store: FindingsStore): Promise<string | null> {
    const times = [...this.liveRuns.values()];
    if (times.length === 0) {
      for (const s of await store.getSyncStates()) {
        if (s.state === 'running' && s.lastStartedAt) {
          times.push(s.lastStartedAt);
        }
      }
    }
    return times.sort()[0] ?? null;
  }
}
