import type { Knex } from 'knex';
import {
  DAILY_COUNTS_TABLE,
  TREND_DAYS_TABLE,
  fromCountsKey,
  type DailyCountsRow,
  type DayCountsByKey,
} from './trendTables';

/** Rows per insert: 6 parameters each stays under SQLite's parameter limit. */
const INSERT_CHUNK_ROWS = 150;

/**
 * Replaces the counts of `day` with `counts` and marks the day recorded,
 * in one transaction: a reader sees the day's old counts or its new ones.
 */
export async function writeDay(
  db: Knex,
  day: string,
  counts: DayCountsByKey,
  options: { recordedAt: Date; reconstructed: boolean },
): Promise<void> {
  const rows: DailyCountsRow[] = [];
  for (const [key, c] of counts) {
    if (c.open === 0 && c.new === 0 && c.resolved === 0) continue;
    const { accountId, severity } = fromCountsKey(key);
    rows.push({
      day,
      aws_account_id: accountId,
      severity,
      open_count: Math.max(0, c.open),
      new_count: c.new,
      resolved_count: c.resolved,
    });
  }
  await db.transaction(async trx => {
    await trx(DAILY_COUNTS_TABLE).where('day', day).delete();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
      await trx(DAILY_COUNTS_TABLE).insert(
        rows.slice(i, i + INSERT_CHUNK_ROWS),
      );
    }
    await trx(TREND_DAYS_TABLE)
      .insert({
        day,
        recorded_at: options.recordedAt.toISOString(),
        reconstructed: options.reconstructed,
      })
      .onConflict('day')
      .merge();
  });
}

/** The open counts stored for `day` (to keep them when its other counts are redone). */
export async function readOpenCounts(
  db: Knex,
  day: string,
): Promise<
  Array<
    Pick<DailyCountsRow, 'aws_account_id' | 'severity'> & {
      open_count: number;
    }
  >
> {
  const rows: DailyCountsRow[] = await db(DAILY_COUNTS_TABLE)
    .where('day', day)
    .andWhere('open_count', '>', 0)
    .select('aws_account_id', 'severity', 'open_count');
  return rows.map(r => ({ ...r, open_count: Number(r.open_count) }));
}
