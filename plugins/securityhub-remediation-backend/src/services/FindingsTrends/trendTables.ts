import type { SeverityLabel } from '@internal/plugin-securityhub-remediation-common';

/** Days recorded or back-filled (migration 20261207000000). */
export const TREND_DAYS_TABLE = 'securityhub_trend_days';
/** Counts per day, account and severity; rows of zeros are not kept. */
export const DAILY_COUNTS_TABLE = 'securityhub_daily_finding_counts';

export interface DailyCountsRow {
  day: string;
  aws_account_id: string;
  severity: string;
  open_count: number;
  new_count: number;
  resolved_count: number;
}

/** The counts of one (account, severity) on a day. */
export interface DayCounts {
  open: number;
  new: number;
  resolved: number;
}

/** Counts of one day keyed by {@link countsKey}. */
export type DayCountsByKey = Map<string, DayCounts>;

const SEPARATOR = '\u0000';

export function countsKey(accountId: string, severity: string): string {
  return `${accountId}${SEPARATOR}${severity}`;
}

export function fromCountsKey(key: string): {
  accountId: string;
  severity: SeverityLabel;
} {
  const [accountId, severity] = key.split(SEPARATOR);
  return { accountId, severity: severity as SeverityLabel };
}

/** The counts of `key`, created at zero when absent. */
export function countsAt(counts: DayCountsByKey, key: string): DayCounts {
  let found = counts.get(key);
  if (!found) {
    found = { open: 0, new: 0, resolved: 0 };
    counts.set(key, found);
  }
  return found;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` (UTC) of an instant. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Midnight UTC starting `day`. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** The day `n` days after `day` (before, for negative `n`). */
export function addDays(day: string, n: number): string {
  return dayOf(new Date(startOfDay(day).getTime() + n * DAY_MS));
}
