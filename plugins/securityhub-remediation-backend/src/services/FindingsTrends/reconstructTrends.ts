import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import {
  SEVERITY_LABELS,
  type FindingsFilter,
  type FindingsTrendDay,
  type FindingsTrends,
  type FindingsTrendsQuery,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { applyScope, type FindingScope } from '../FindingsStore/filters';
import { applyResourceFilter } from '../FindingsStore/resourceKeys';
import { FINDINGS_TABLE } from '../FindingsStore/rows';
import { addDays, startOfDay } from './trendTables';

/** The resource part of a trends query, as a findings filter. */
export function resourcesOf(query: FindingsTrendsQuery): FindingsFilter {
  return {
    resourceTag: query.resourceTag,
    resourceIdPrefix: query.resourceIdPrefix,
  };
}

/** The most findings whose days are reconstructed on one request. */
export const MAX_RECONSTRUCTED_FINDINGS = 50_000;

const DAY_MS = 24 * 3600 * 1000;

interface TimesRow {
  severity: string;
  created_at: string | Date;
  resolved_at: string | Date | null;
  compliance_status: string | null;
  workflow_status: string;
}

/**
 * The days of the findings whose resources match the query's tags or id
 * prefixes (a service's findings), reconstructed on request from their
 * created and resolved times: daily counts are recorded per account, not per
 * resource. Every day is marked reconstructed and counted as the back-fill
 * counts (see `backfillTrends`): new and resolved as exact as the times, open
 * as those FAILED and not suppressed now, created before the day ended and
 * not resolved by then — a lower bound.
 *
 * Reads the matching findings that were open at some time in the window, at
 * most {@link MAX_RECONSTRUCTED_FINDINGS}; more is refused with a message.
 */
export async function reconstructTrends(
  db: Knex,
  query: FindingsTrendsQuery,
  scope: FindingScope,
  today: string,
  maxFindings = MAX_RECONSTRUCTED_FINDINGS,
): Promise<FindingsTrends> {
  const first = addDays(today, 1 - query.days);
  const windowStart = startOfDay(first).getTime();
  const windowEnd = startOfDay(addDays(today, 1)).getTime();
  const rows = applyResourceFilter(
    applyScope(db(FINDINGS_TABLE), scope),
    resourcesOf(query),
  )
    .where('created_at', '<', new Date(windowEnd).toISOString())
    .andWhere(q =>
      q
        .whereNull('resolved_at')
        .orWhere('resolved_at', '>=', new Date(windowStart).toISOString()),
    );
  if (query.accountId) rows.andWhere('aws_account_id', query.accountId);
  const found: TimesRow[] = await rows
    .select(
      'severity',
      'created_at',
      'resolved_at',
      'compliance_status',
      'workflow_status',
    )
    .limit(maxFindings + 1);
  if (found.length > maxFindings) {
    throw new InputError(
      `More than ${maxFindings} findings match these resources; their trends are not reconstructed on request. Narrow the tags or prefixes, or see the trends of their accounts.`,
    );
  }

  const dayCount = query.days;
  const dayIndex = (time: number) => Math.floor((time - windowStart) / DAY_MS);
  const days: FindingsTrendDay[] = Array.from({ length: dayCount }, (_, i) => ({
    date: addDays(first, i),
    open: Object.fromEntries(SEVERITY_LABELS.map(s => [s, 0])) as Record<
      SeverityLabel,
      number
    >,
    new: 0,
    resolved: 0,
    reconstructed: true,
  }));
  // Open counts as differences: +1 from the day a finding was created (or
  // the window's first), -1 from the day it was resolved.
  const openChanges = SEVERITY_LABELS.map(() =>
    new Array(dayCount + 1).fill(0),
  );
  for (const row of found) {
    const created = new Date(row.created_at).getTime();
    const resolved =
      row.resolved_at === null
        ? undefined
        : new Date(row.resolved_at).getTime();
    const createdDay = dayIndex(created);
    const resolvedDay = resolved === undefined ? undefined : dayIndex(resolved);
    if (createdDay >= 0 && createdDay < dayCount) days[createdDay].new += 1;
    if (
      resolvedDay !== undefined &&
      resolvedDay >= 0 &&
      resolvedDay < dayCount
    ) {
      days[resolvedDay].resolved += 1;
    }
    const severity = SEVERITY_LABELS.indexOf(row.severity as SeverityLabel);
    const tracked =
      row.compliance_status === 'FAILED' &&
      row.workflow_status !== 'SUPPRESSED';
    if (!tracked || severity < 0) continue;
    // Open at a day's end: created before it ended, not resolved by then.
    const from = Math.max(0, createdDay);
    const to = Math.min(dayCount, resolvedDay ?? dayCount);
    if (from < to) {
      openChanges[severity][from] += 1;
      openChanges[severity][to] -= 1;
    }
  }
  SEVERITY_LABELS.forEach((severity, s) => {
    let open = 0;
    for (let i = 0; i < dayCount; i++) {
      open += openChanges[s][i];
      days[i].open[severity] = open;
    }
  });
  return { days, historyStartsAt: null, computedOnRequest: true };
}
