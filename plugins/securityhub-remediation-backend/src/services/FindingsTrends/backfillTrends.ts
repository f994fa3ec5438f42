import type { Knex } from 'knex';
import { countUnresolvedAt } from './countFindings';
import { addChanges, changesOn } from './newAndResolved';
import { writeDay } from './writeDay';
import {
  addDays,
  countsAt,
  countsKey,
  startOfDay,
  type DayCountsByKey,
} from './trendTables';

/**
 * Reconstructs the `days` days before `today` from the findings' own
 * timestamps, when history begins (the first import, or the first record
 * over findings stored before this feature).
 *
 * What it can know: when each stored finding was created (CreatedAt) and
 * when it was first seen resolved (`resolved_at`), so new and resolved per
 * day are as exact as those timestamps. What it cannot: past statuses. A
 * day's open count is reconstructed as the findings created before the day
 * ended and not resolved by then, among those FAILED and not suppressed
 * now. A finding fixed since (PASSED now) cannot be told from one that
 * always passed and is left out, and one suppressed since is left out too,
 * so open counts of back-filled days are a lower bound; findings deleted
 * from the store, or never imported, are absent altogether.
 */
export async function backfillTrends(
  db: Knex,
  options: { today: string; days: number; recordedAt: Date },
): Promise<void> {
  const { today, days, recordedAt } = options;
  const first = addDays(today, -days);
  // Open (tracked) findings as the first day starts, then carried forward
  // a day at a time: + created that day, - resolved that day.
  const open = new Map<string, number>();
  for (const c of await countUnresolvedAt(db, startOfDay(first))) {
    open.set(countsKey(c.accountId, c.severity), c.tracked);
  }
  for (let day = first; day < today; day = addDays(day, 1)) {
    const changes = await changesOn(db, day);
    for (const c of changes.created) {
      const key = countsKey(c.accountId, c.severity);
      open.set(key, (open.get(key) ?? 0) + c.tracked);
    }
    for (const c of changes.resolved) {
      const key = countsKey(c.accountId, c.severity);
      open.set(key, (open.get(key) ?? 0) - c.tracked);
    }
    const counts: DayCountsByKey = new Map();
    for (const [key, n] of open) countsAt(counts, key).open = n;
    addChanges(counts, changes);
    await writeDay(db, day, counts, { recordedAt, reconstructed: true });
  }
}
