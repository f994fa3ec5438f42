import type { Knex } from 'knex';
import { countByTime, type AccountSeverityCount } from './countFindings';
import {
  addDays,
  countsAt,
  countsKey,
  startOfDay,
  type DayCountsByKey,
} from './trendTables';

/** Created and resolved findings of one day. */
export interface DayChanges {
  created: AccountSeverityCount[];
  resolved: AccountSeverityCount[];
}

/**
 * Findings created (`created_at`, the finding's CreatedAt) and resolved
 * (`resolved_at`: the UpdatedAt of the first version seen resolved) on
 * `day`: two index range reads, of that day's findings only.
 */
export async function changesOn(db: Knex, day: string): Promise<DayChanges> {
  const from = startOfDay(day);
  const to = startOfDay(addDays(day, 1));
  const [created, resolved] = await Promise.all([
    countByTime(db, 'created_at', from, to),
    countByTime(db, 'resolved_at', from, to),
  ]);
  return { created, resolved };
}

/** Sets the new and resolved counts of `changes` in `counts`. */
export function addChanges(counts: DayCountsByKey, changes: DayChanges): void {
  for (const c of changes.created) {
    countsAt(counts, countsKey(c.accountId, c.severity)).new = c.all;
  }
  for (const c of changes.resolved) {
    countsAt(counts, countsKey(c.accountId, c.severity)).resolved = c.all;
  }
}
