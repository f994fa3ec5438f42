import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  SourceSyncStatus,
  SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsReadStats,
  FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import type { FindingsStore, FindingsWriter } from '../FindingsStore';
import { readAhead } from './readAhead';

/** Findings written by one run above which planner statistics are refreshed. */
const STATISTICS_REFRESH_THRESHOLD = 1000;

/** What one source's run did. */
export interface SourceSyncResult {
  sourceId: string;
  ok: boolean;
  imported: number;
  batches: number;
  retries: number;
  error?: string;
}

/**
 * Pulls every configured source into the store, one source after another.
 *
 * Each batch is written in its own transaction as it arrives, so a failure
 * keeps what earlier batches stored (a first load into an empty store is one
 * bulk transaction, retried batch by batch if it fails). The watermark (highest UpdatedAt) only
 * advances after a source completes, so the next run asks again for
 * everything after the last complete sync: a page can be read twice, never
 * lost.
 */
export class FindingsSyncService {
  constructor(
    private readonly options: {
      store: FindingsStore;
      sources: FindingsSource[];
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async syncAll(signal?: AbortSignal): Promise<SourceSyncResult[]> {
    const results: SourceSyncResult[] = [];
    for (const source of this.options.sources) {
      if (signal?.aborted) break;
      results.push(await this.syncSource(source, signal));
    }
    return results;
  }

  async syncSource(
    source: FindingsSource,
    signal?: AbortSignal,
  ): Promise<SourceSyncResult> {
    const { store, logger } = this.options;
    const now = this.options.now ?? (() => new Date());
    const previous = (await store.getSyncStates()).find(
      s => s.sourceId === source.id,
    );
    const base: SourceSyncStatus = {
      sourceId: source.id,
      kind: source.kind,
      target: source.target,
      state: 'running',
      lastStartedAt: now().toISOString(),
      lastFinishedAt: previous?.lastFinishedAt ?? null,
      lastSucceededAt: previous?.lastSucceededAt ?? null,
      watermark: previous?.watermark ?? null,
      lastImported: 0,
      lastBatches: 0,
      lastRetries: 0,
      lastError: null,
    };
    await store.putSyncState(base);

    const stats: FindingsReadStats = { retries: 0 };
    let imported = 0;
    let batches = 0;
    let newest = base.watermark;
    const writeAll = async (writer: FindingsWriter) => {
      imported = 0;
      batches = 0;
      newest = base.watermark;
      // Reading and parsing the next batch overlaps with writing this one.
      const batchesOfSource = readAhead(
        source.read(
          { updatedSince: base.watermark ?? undefined, signal },
          stats,
        ),
      );
      for await (const batch of batchesOfSource) {
        const { written, maxUpdatedAt } = await writer.upsertPrepared(
          batch.findings,
          source.id,
          now(),
        );
        imported += written;
        batches += 1;
        if (maxUpdatedAt && (!newest || maxUpdatedAt > newest)) {
          newest = maxUpdatedAt;
        }
      }
      if (signal?.aborted) throw new Error('sync was cancelled');
    };
    try {
      if ((await store.count()) === 0) {
        await this.firstLoad(source, writeAll, signal);
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
        state: 'failed',
        lastFinishedAt: now().toISOString(),
        lastImported: imported,
        lastBatches: batches,
        lastRetries: stats.retries,
        lastError: message,
      });
      return {
        sourceId: source.id,
        ok: false,
        imported,
        batches,
        retries: stats.retries,
        error: message,
      };
    }

    if (imported >= STATISTICS_REFRESH_THRESHOLD) {
      await store.refreshStatistics();
    }
    const finishedAt = now().toISOString();
    await store.putSyncState({
      ...base,
      state: 'succeeded',
      lastFinishedAt: finishedAt,
      lastSucceededAt: finishedAt,
      watermark: newest,
      lastImported: imported,
      lastBatches: batches,
      lastRetries: stats.retries,
    });
    logger.info(
      `Findings sync of ${source.id}: ${imported} written from ${batches} batches, ${stats.retries} retries`,
    );
    return {
      sourceId: source.id,
      ok: true,
      imported,
      batches,
      retries: stats.retries,
    };
  }

  /**
   * Into an empty store everything goes in one bulk load (indexes built at
   * the end). If that fails nothing of it was kept, so the source is read
   * again batch by batch: every good batch is stored and the failure is
   * reported as in any other run.
   */
  private async firstLoad(
    source: FindingsSource,
    writeAll: (writer: FindingsWriter) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      await this.options.store.bulkLoad(writeAll);
    } catch (error) {
      if (signal?.aborted) throw error;
      this.options.logger.info(
        `First load of ${source.id} failed as a whole (${
          error instanceof Error ? error.message : String(error)
        }); importing it batch by batch`,
      );
      await writeAll(this.options.store);
    }
  }

  /** Status of every configured source, including ones that never ran. */
  async status(): Promise<SyncStatus> {
    const { store, sources } = this.options;
    const [states, totalStored] = await Promise.all([
      store.getSyncStates(),
      store.count(),
    ]);
    const byId = new Map(states.map(s => [s.sourceId, s]));
    return {
      totalStored,
      sources: sources.map(
        (source): SourceSyncStatus =>
          byId.get(source.id) ?? {
            sourceId: source.id,
            kind: source.kind,
            target: source.target,
            state: 'never',
            lastStartedAt: null,
            lastFinishedAt: null,
            lastSucceededAt: null,
            watermark: null,
            lastImported: 0,
            lastBatches: 0,
            lastRetries: 0,
            lastError: null,
          },
      ),
    };
  }
}
