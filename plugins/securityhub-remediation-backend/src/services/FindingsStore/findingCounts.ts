import type { Knex } from 'knex';
import { FINDINGS_TABLE } from './rows';

/**
 * Finding counts per combination of the summarized dimensions, kept current
 * by triggers on the findings table (migration 20261204000000). Summaries and
 * list totals read these rows (about 30,000 for a million demo findings)
 * instead of every matching finding.
 * NULL compliance status and resource type are stored as '' (key columns).
 */
export const COUNTS_TABLE = 'securityhub_finding_counts';

/**
 * The data version at which a counts row last changed (migration
 * 20261205000000): the counts in memory catch up by reading the rows
 * changed since the version they hold. Emptied rows stay, at zero, so that
 * the change is seen.
 */
export const CHANGED_COLUMN = 'changed_at';

/** Changes with every write to the findings (a trigger bumps it). */
export const VERSION_TABLE = 'securityhub_findings_version';

/**
 * The largest and the smallest title seen per control, kept by triggers
 * (see migration 20261209000000).
 */
export const CONTROL_TITLES_TABLE = 'securityhub_control_titles';

/** The key of a counts row, in the findings table's column names. */
export const COUNT_DIMENSIONS = [
  'aws_account_id',
  'region',
  'control_id',
  'resource_type',
  'severity',
  'compliance_status',
  'workflow_status',
  'record_state',
] as const;

/** A findings column as the counts key stores it. */
const keyOf = (dimension: string) =>
  dimension === 'compliance_status' || dimension === 'resource_type'
    ? `coalesce(${dimension}, '')`
    : dimension;

/**
 * Inserts the counts of the findings table, stamped `version`, into an
 * empty counts table (both as the connection's search path finds them: a
 * first load's, see `loadSchemaLanes`).
 */
export async function insertCounts(
  db: Knex | Knex.Transaction,
  version: string,
): Promise<void> {
  const keys = COUNT_DIMENSIONS.map(keyOf).join(', ');
  await db.raw(
    `insert into ${COUNTS_TABLE} (${COUNT_DIMENSIONS.join(
      ', ',
    )}, n, ${CHANGED_COLUMN})
     select ${keys}, count(*), ? from ${FINDINGS_TABLE}
      group by ${keys}`,
    [version],
  );
}

/** The control titles again from the findings table (a first load's swap). */
export async function rebuildControlTitles(
  db: Knex | Knex.Transaction,
): Promise<void> {
  await db(CONTROL_TITLES_TABLE).delete();
  await db.raw(
    `insert into ${CONTROL_TITLES_TABLE} (control_id, title, lowest_title)
     select control_id, max(title), min(title) from ${FINDINGS_TABLE}
      where control_id <> '' group by control_id`,
  );
}

/** The titles of the given controls. */
export async function controlTitles(
  db: Knex | Knex.Transaction,
  controlIds: string[],
): Promise<Map<string, string>> {
  if (controlIds.length === 0) return new Map();
  const rows: Array<{ control_id: string; title: string }> = await db(
    CONTROL_TITLES_TABLE,
  ).whereIn('control_id', controlIds);
  return new Map(rows.map(r => [r.control_id, r.title]));
}

export async function readDataVersion(
  db: Knex | Knex.Transaction,
): Promise<string> {
  const row = await db(VERSION_TABLE).where('id', 1).first('version');
  return String(row?.version ?? 0);
}
