import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  FindingsTrends,
  FindingsTrendsQuery,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingScope, FindingsStore } from '../FindingsStore';
import { addOpenCounts } from './openCounts';
import { addChanges, changesOn } from './newAndResolved';
import { backfillTrends } from './backfillTrends';
import { readOpenCounts, writeDay } from './writeDay';
import { readTrends } from './readTrends';
import {
  TREND_DAYS_TABLE,
  addDays,
  countsAt,
  countsKey,
  dayOf,
  startOfDay,
  type DayCountsByKey,
} from './trendTables';
import { hasResourceFilter } from '../FindingsStore/resourceKeys';
import { reconstructTrends, resourcesOf } from './reconstructTrends';

/** Days a first record reconstructs. */
export const BACKFILL_DAYS = 90;

export interface FindingsTrendsOptions {
  /** The plugin's database; records are written here. */
  db: Knex;
  /** Where the trends are read; `db` without it. */
  reader?: Knex;
  store: Pick<FindingsStore, 'summary' | 'count' | 'dataVersion'>;
  logger: LoggerService;
  now?: () => Date;
}

/** What a sync run tells the trends (see `FindingsSyncService`). */
export interface SyncRunOutcome {
  imported: number;
}

/**
 * Daily finding counts: recorded after sync runs, read by the trends route.
 *
 * A record sets today's row from the store as it is now (open counts from
 * the counts in memory, new and resolved from two index range reads), so
 * the last record of a day holds its final counts. Yesterday's new and
 * resolved are read again while its record is from before midnight, so
 * findings written late that day count. History starts with the first
 * record, which back-fills the 90 days before (see {@link backfillTrends}).
 */
export class FindingsTrendsService {
  private readonly reader: Knex;

  constructor(private readonly options: FindingsTrendsOptions) {
    this.reader = options.reader ?? options.db;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /**
   * Records after a sync run that wrote findings, and on the first run of
   * each day. Never throws: a failed record is logged, the sync goes on.
   */
  async afterSync(results: SyncRunOutcome[]): Promise<void> {
    try {
      const wrote = results.some(r => r.imported > 0);
      if (wrote || !(await this.isRecorded(dayOf(this.now())))) {
        await this.record();
      }
    } catch (error) {
      this.options.logger.warn(
        `Recording the daily finding counts failed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  /** Records today (and back-fills when history begins). */
  async record(): Promise<void> {
    const { db, store } = this.options;
    const recordedAt = this.now();
    const today = dayOf(recordedAt);
    const started = await this.hasHistory();
    // An empty store has no history to tell: the first import back-fills.
    if (!started && (await store.count()) === 0) return;
    if (!started) {
      await backfillTrends(db, { today, days: BACKFILL_DAYS, recordedAt });
    } else {
      await this.completeYesterday(today, recordedAt);
    }
    const counts: DayCountsByKey = new Map();
    await addOpenCounts(store, counts);
    addChanges(counts, await changesOn(db, today));
    await writeDay(db, today, counts, { recordedAt, reconstructed: false });
  }

  trends(
    query: FindingsTrendsQuery,
    scope: FindingScope,
  ): Promise<FindingsTrends> {
    const today = dayOf(this.now());
    return hasResourceFilter(resourcesOf(query))
      ? reconstructTrends(this.reader, query, scope, today)
      : readTrends(this.reader, query, scope, today);
  }

  /**
   * Yesterday's new and resolved counts, read again when its last record
   * was before it ended; its open counts stay as last recorded.
   */
  private async completeYesterday(today: string, recordedAt: Date) {
    const { db } = this.options;
    const yesterday = addDays(today, -1);
    const record = await db(TREND_DAYS_TABLE).where('day', yesterday).first();
    if (!record || record.reconstructed) return;
    if (new Date(record.recorded_at) >= startOfDay(today)) return;
    const counts: DayCountsByKey = new Map();
    for (const row of await readOpenCounts(db, yesterday)) {
      countsAt(counts, countsKey(row.aws_account_id, row.severity)).open =
        row.open_count;
    }
    addChanges(counts, await changesOn(db, yesterday));
    await writeDay(db, yesterday, counts, { recordedAt, reconstructed: false });
  }

  private async hasHistory(): Promise<boolean> {
    return (await this.options.db(TREND_DAYS_TABLE).first('day')) !== undefined;
  }

  private async isRecorded(day: string): Promise<boolean> {
    const row = await this.options
      .db(TREND_DAYS_TABLE)
      .where('day', day)
      .first('day');
    return row !== undefined;
  }
}
