import type { Knex } from 'knex';
import {
  SEVERITY_LABELS,
  type FindingsTrendDay,
  type FindingsTrends,
  type FindingsTrendsQuery,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { applyScope, type FindingScope } from '../FindingsStore/filters';
import { DAILY_COUNTS_TABLE, TREND_DAYS_TABLE, addDays } from './trendTables';

function zeroBySeverity(): Record<SeverityLabel, number> {
  return Object.fromEntries(SEVERITY_LABELS.map(s => [s, 0])) as Record<
    SeverityLabel,
    number
  >;
}

/**
 * The recorded days of the last `query.days` days up to `today`, summed
 * over the accounts the scope allows (and `query.accountId`, when given).
 */
export async function readTrends(
  db: Knex,
  query: FindingsTrendsQuery,
  scope: FindingScope,
  today: string,
): Promise<FindingsTrends> {
  const from = addDays(today, 1 - query.days);
  const counts = applyScope(
    db(DAILY_COUNTS_TABLE)
      .where('day', '>=', from)
      .andWhere('day', '<=', today),
    scope,
    'aws_account_id',
  );
  if (query.accountId) counts.andWhere('aws_account_id', query.accountId);
  const [recorded, rows, first] = await Promise.all([
    db(TREND_DAYS_TABLE)
      .where('day', '>=', from)
      .andWhere('day', '<=', today)
      .orderBy('day')
      .select('day', 'reconstructed') as Promise<
      Array<{ day: string; reconstructed: boolean | number }>
    >,
    counts
      .select('day', 'severity')
      .sum({ open: 'open_count', new: 'new_count', resolved: 'resolved_count' })
      .groupBy('day', 'severity') as Promise<
      Array<{
        day: string;
        severity: string;
        open: number | string;
        new: number | string;
        resolved: number | string;
      }>
    >,
    db(TREND_DAYS_TABLE).min({ day: 'day' }).first() as Promise<
      { day: string | null } | undefined
    >,
  ]);

  const byDay = new Map<string, FindingsTrendDay>(
    recorded.map(r => [
      r.day,
      {
        date: r.day,
        open: zeroBySeverity(),
        new: 0,
        resolved: 0,
        // SQLite answers booleans as 0 or 1.
        reconstructed: Boolean(r.reconstructed),
      },
    ]),
  );
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (!day) continue;
    if ((SEVERITY_LABELS as readonly string[]).includes(row.severity)) {
      day.open[row.severity as SeverityLabel] += Number(row.open);
    }
    day.new += Number(row.new);
    day.resolved += Number(row.resolved);
  }
  return {
    days: [...byDay.values()],
    historyStartsAt: first?.day ?? null,
    computedOnRequest: false,
  };
}
