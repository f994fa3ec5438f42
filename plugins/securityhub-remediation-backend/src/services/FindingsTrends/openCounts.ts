import {
  OPEN_FINDINGS_FILTER,
  SEVERITY_LABELS,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingsStore } from '../FindingsStore';
import { countsAt, countsKey, type DayCountsByKey } from './trendTables';

/** How long a record waits for the counts in memory to catch up with a run. */
const CATCH_UP_WAIT_MS = 60_000;
const CATCH_UP_POLL_MS = 250;

/**
 * Waits until the counts in memory hold the last writes: right after a run
 * they may still be catching up, and summaries answer from the older
 * counts meanwhile. Gives up after a minute and records what they hold.
 */
async function untilCountsCurrent(
  store: Pick<FindingsStore, 'dataVersion'>,
): Promise<void> {
  if (!store.dataVersion) return;
  const deadline = Date.now() + CATCH_UP_WAIT_MS;
  while ((await store.dataVersion()) === undefined && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, CATCH_UP_POLL_MS));
  }
}

/**
 * Sets the open count of every (account, severity) in `counts`, from the
 * store's summaries: they are answered from the counts kept in memory, so
 * this reads no findings however many there are (one summary per severity,
 * whose per-account totals are the counts).
 */
export async function addOpenCounts(
  store: Pick<FindingsStore, 'summary' | 'dataVersion'>,
  counts: DayCountsByKey,
): Promise<void> {
  await untilCountsCurrent(store);
  const summaries = await Promise.all(
    SEVERITY_LABELS.map(async severity => ({
      severity,
      summary: await store.summary(
        { ...OPEN_FINDINGS_FILTER, severity: [severity] },
        undefined,
      ),
    })),
  );
  for (const { severity, summary } of summaries) {
    for (const account of summary.byAccount) {
      if (account.total > 0) {
        countsAt(counts, countsKey(account.key, severity)).open = account.total;
      }
    }
  }
}
