import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  REJECTED_SYNC_UNITS_KEPT,
  type RejectedSyncUnit,
  type SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsReadStats,
  FindingsRejection,
  FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import type {
  FindingScope,
  FindingsStore,
  FindingsWriter,
  SyncStateRecord,
} from '../FindingsStore';
import { readAhead } from './readAhead';
import { writeUnit } from './writeUnit';
import type { SyncRunRecords } from './SyncRunRecords';
import { SyncRunTracker, type InterruptedRunsCheck } from './SyncRunTracker';
import { neverRun, publicStatus, sanitizedStatus } from './syncStatusView';

/** Findings written by one run above which planner statistics are refreshed. */
const STATISTICS_REFRESH_THRESHOLD = 1000;

/** What one source's run did. */
export interface SourceSyncResult {
  sourceId: string;
  ok: boolean;
  imported: number;
  /** Findings already stored as they were read, and those of files not read again. */
  unchanged: number;
  /** Units (files) not read again: unchanged since they were stored. */
  unchangedUnits: number;
  batches: number;
  retries: number;
  /** Units rejected whole; the others were imported. */
  rejected: number;
  error?: string;
}

export interface FindingsSyncOptions {
  store: FindingsStore;
  sources: FindingsSource[];
  logger: LoggerService;
  now?: () => Date;
  /**
   * Who runs what: a run refreshes a heartbeat while it goes, so one whose
   * backend stopped can be told apart. Without it runs are not tracked.
   */
  runs?: SyncRunRecords;
  heartbeatMs?: number;
  /** A run whose heartbeat is older than this has no live backend. */
  staleAfterMs?: number;
  /** Called after every run with its results (the daily trends record). */
  afterRun?: (results: SourceSyncResult[]) => Promise<void>;
}

/**
 * Pulls every configured source into the store, one source after another.
 *
 * Each unit (a file, a page) is written in its own transaction as its
 * batches arrive, so a failure keeps what earlier units stored; a first load
 * of files into an empty store where the store says a bulk load pays off
 * (PostgreSQL) is one bulk transaction with a savepoint per file, retried
 * unit by unit if it fails (an API source never bulk-loads:
 * its pages commit one by one, so they show up while it reads). A unit the
 * source rejects, before or after some of its batches, is rolled back,
 * recorded, and the run goes on.
 *
 * The watermark (highest UpdatedAt) only advances after a source completes,
 * and only over the batches before the first rejected one, so the next run
 * asks again for everything from there: a unit can be read twice, never lost.
 * Security Hub pages come oldest update first, so the rejected page and all
 * after it are asked for again; file sources ignore the watermark.
 *
 * A run writes only what changed: the store skips a finding whose version
 * and content it already holds, and a unit stored in full keeps its
 * fingerprint with its findings (in the same transaction), so a file
 * source does not even read a file that did not change. A rejected file has
 * no fingerprint stored and is read, and reported, again on every run.
 */
export class FindingsSyncService {
  private readonly tracker: SyncRunTracker;

  constructor(private readonly options: FindingsSyncOptions) {
    this.tracker = new SyncRunTracker({ ...options, now: () => this.now() });
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  async syncAll(signal?: AbortSignal): Promise<SourceSyncResult[]> {
    return this.tracker.asRun(async owner => {
      const results: SourceSyncResult[] = [];
      for (const source of this.options.sources) {
        if (signal?.aborted) break;
        results.push(await this.syncSource(source, signal, owner));
      }
      await this.options.afterRun?.(results);
      return results;
    });
  }

  async syncSource(
    source: FindingsSource,
    signal?: AbortSignal,
    owner?: string,
  ): Promise<SourceSyncResult> {
    if (owner === undefined) {
      return this.tracker.asRun(own => this.syncSource(source, signal, own));
    }
    const { store, logger } = this.options;
    const previous = (await store.getSyncStates()).find(
      s => s.sourceId === source.id,
    );
    const startedAt = this.now().toISOString();
    const base: SyncStateRecord = {
      sourceId: source.id,
      kind: source.kind,
      target: source.target,
      state: 'running',
      lastStartedAt: startedAt,
      lastFinishedAt: previous?.lastFinishedAt ?? null,
      lastSucceededAt: previous?.lastSucceededAt ?? null,
      watermark: previous?.watermark ?? null,
      lastImported: 0,
      lastUnchanged: 0,
      lastUnchangedUnits: 0,
      lastBatches: 0,
      lastRetries: 0,
      lastRejected: 0,
      rejected: [],
      lastError: null,
      runOwner: owner,
      heartbeatAt: startedAt,
    };
    await store.putSyncState(base);
    // Into an empty store (a reset database) every unit is read again.
    const empty = (await store.count()) === 0;
    const storedUnits = empty ? undefined : await store.getSyncUnits(source.id);
    const seenUnits = new Set<string>();

    const stats: FindingsReadStats = { retries: 0 };
    let imported = 0;
    let unchanged = 0;
    let unchangedUnits = 0;
    let batches = 0;
    let rejected: RejectedSyncUnit[] = [];
    let rejectedCount = 0;
    let newest = base.watermark;
    const reject = (origin: string, rejection: FindingsRejection) => {
      rejectedCount += 1;
      if (rejected.length < REJECTED_SYNC_UNITS_KEPT) {
        rejected.push({
          origin,
          position: rejection.position ?? null,
          reason: rejection.reason,
        });
      }
      logger.warn(
        `Findings sync of ${source.id} rejected ${origin}${
          rejection.position ? ` at ${rejection.position}` : ''
        }: ${rejection.reason}`,
      );
    };
    const writeAll = async (writer: FindingsWriter) => {
      imported = 0;
      unchanged = 0;
      unchangedUnits = 0;
      seenUnits.clear();
      batches = 0;
      rejected = [];
      rejectedCount = 0;
      newest = base.watermark;
      // Reading and parsing the next batch overlaps with writing this one.
      const iterator = readAhead(
        source.read(
          {
            updatedSince: base.watermark ?? undefined,
            signal,
            storedUnits,
            copyBatch: writer.copyBatchSpec(source.id, this.now()),
          },
          stats,
        ),
      )[Symbol.asyncIterator]();
      const nextBatch = async () => {
        const result = await iterator.next();
        if (!result.done && !result.value.unchanged) batches += 1;
        return result.done ? undefined : result.value;
      };
      try {
        for (;;) {
          const first = await nextBatch();
          if (!first) break;
          seenUnits.add(first.origin);
          if (first.unchanged) {
            unchangedUnits += 1;
            unchanged += first.fingerprint?.findings ?? 0;
            // Touched but not changed: its new time saves hashing it next run.
            if (
              first.fingerprint &&
              first.fingerprint !== storedUnits?.get(first.origin)
            ) {
              await store.putSyncUnit(
                source.id,
                first.origin,
                first.fingerprint,
              );
            }
            continue;
          }
          if (first.rejected) {
            reject(first.origin, first.rejected);
            continue;
          }
          const unit = await writeUnit(writer, source, first, nextBatch, () =>
            this.now(),
          );
          if ('rejected' in unit) {
            reject(first.origin, unit.rejected);
            continue;
          }
          imported += unit.written;
          unchanged += unit.read - unit.written;
          // Past a rejected unit the watermark stays, so it is read again.
          if (
            rejectedCount === 0 &&
            unit.maxUpdatedAt &&
            (!newest || unit.maxUpdatedAt > newest)
          ) {
            newest = unit.maxUpdatedAt;
          }
        }
      } finally {
        await iterator.return?.();
      }
      if (signal?.aborted) throw new Error('sync was cancelled');
    };
    // A bulk load leaves the statistics current.
    let statisticsCurrent = false;
    const counters = () => ({
      lastImported: imported,
      lastUnchanged: unchanged,
      lastUnchangedUnits: unchangedUnits,
      lastBatches: batches,
      lastRetries: stats.retries,
      lastRejected: rejectedCount,
      rejected,
    });
    try {
      // A first load of files may share one bulk transaction where the
      // store loads faster that way; an API source commits page by page, so
      // findings show up while it reads (and a rate-limited read does not
      // hold a transaction for minutes).
      if (source.kind === 'asff-files' && store.bulkLoadPaysOff && empty) {
        statisticsCurrent = await this.firstLoad(source, writeAll, signal);
      } else {
        await writeAll(store);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        `Findings sync of ${source.id} failed after ${batches} batches: ${message}`,
      );
      await store.putSyncState({
        ...base,
        ...counters(),
        state: 'failed',
        lastFinishedAt: this.now().toISOString(),
        lastError: message,
      });
      return {
        sourceId: source.id,
        ok: false,
        imported,
        unchanged,
        unchangedUnits,
        batches,
        retries: stats.retries,
        rejected: rejectedCount,
        error: message,
      };
    }

    if (!signal?.aborted) await store.keepSyncUnits(source.id, seenUnits);
    if (imported >= STATISTICS_REFRESH_THRESHOLD && !statisticsCurrent) {
      await store.refreshStatistics();
    }
    const finishedAt = this.now().toISOString();
    await store.putSyncState({
      ...base,
      ...counters(),
      state: 'succeeded',
      lastFinishedAt: finishedAt,
      lastSucceededAt: finishedAt,
      watermark: newest,
    });
    logger.info(
      `Findings sync of ${source.id}: ${imported} written, ${unchanged} unchanged (${unchangedUnits} units not read again), ${batches} batches, ${rejectedCount} rejected, ${stats.retries} retries`,
    );
    return {
      sourceId: source.id,
      ok: true,
      imported,
      unchanged,
      unchangedUnits,
      batches,
      retries: stats.retries,
      rejected: rejectedCount,
    };
  }

  /**
   * Into an empty store where a bulk load pays off (PostgreSQL) everything
   * goes in one (indexes built at the end). If that fails nothing of it was
   * kept, so the source is read
   * again batch by batch: every good batch is stored and the failure is
   * reported as in any other run. True when the bulk load was kept.
   */
  private async firstLoad(
    source: FindingsSource,
    writeAll: (writer: FindingsWriter) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<boolean> {
    try {
      await this.options.store.bulkLoad(writeAll);
      return true;
    } catch (error) {
      if (signal?.aborted) throw error;
      this.options.logger.info(
        `First load of ${source.id} failed as a whole (${
          error instanceof Error ? error.message : String(error)
        }); importing it batch by batch`,
      );
      await writeAll(this.options.store);
      return false;
    }
  }

  /** Marks runs whose backend stopped as interrupted (see {@link SyncRunTracker}). */
  markInterruptedRuns(): Promise<InterruptedRunsCheck> {
    return this.tracker.markInterruptedRuns();
  }

  /** See {@link SyncRunTracker.requestRun}. */
  requestRun(): Promise<string | null> {
    return this.tracker.requestRun();
  }

  withdrawRunRequest(): Promise<void> {
    return this.tracker.withdrawRunRequest();
  }

  /** When the run going on started, or null when none is known. */
  runningSince(): Promise<string | null> {
    return this.tracker.runningSince(this.options.store);
  }

  /**
   * Status of every configured source, including ones that never ran.
   * `totalStored` counts within `scope`; without `detailed` the sources are
   * sanitized (no targets, error text or rejected units).
   */
  async status(
    view: { scope?: FindingScope; detailed: boolean } = { detailed: true },
  ): Promise<SyncStatus> {
    const { store, sources } = this.options;
    const [states, totalStored] = await Promise.all([
      store.getSyncStates(),
      store.count(view.scope),
    ]);
    const byId = new Map(states.map(s => [s.sourceId, s]));
    return {
      totalStored,
      detailed: view.detailed,
      sources: sources.map((source, index) => {
        const stored = byId.get(source.id);
        const status = stored ? publicStatus(stored) : neverRun(source);
        return view.detailed ? status : sanitizedStatus(status, index);
      }),
    };
  }
}
