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
 * Recomputes the counts and control titles from the findings table and moves
 * the data version on, for writes that bypass the triggers (a bulk load with
 * triggers disabled). Runs in the given transaction when one is passed.
 */
export async function rebuildFindingCounts(
  db: Knex | Knex.Transaction,
): Promise<void> {
  // Cached responses from before the load no longer count; every row this
  // changes is stamped with the new version, and rows are zeroed rather
  // than deleted, so the counts in memory see every change.
  await db(VERSION_TABLE).where('id', 1).increment('version', 1);
  const version = await readDataVersion(db);
  await db(COUNTS_TABLE)
    .whereNot('n', 0)
    .update({ n: 0, [CHANGED_COLUMN]: version });
  // `where true`: SQLite's upsert needs it after a SELECT.
  await insertCounts(
    db,
    version,
    `on conflict (${COUNT_DIMENSIONS.join(', ')}) do update
       set n = excluded.n, ${CHANGED_COLUMN} = excluded.${CHANGED_COLUMN}`,
  );
  await rebuildControlTitles(db);
}

/**
 * Inserts the counts of the findings table, stamped `version`, into the
 * counts table (both as the connection's search path finds them), with
 * `onConflict` appended to the statement.
 */
export async function insertCounts(
  db: Knex | Knex.Transaction,
  version: string,
  onConflict = '',
): Promise<void> {
  const keys = COUNT_DIMENSIONS.map(keyOf).join(', ');
  await db.raw(
    `insert into ${COUNTS_TABLE} (${COUNT_DIMENSIONS.join(
      ', ',
    )}, n, ${CHANGED_COLUMN})
     select ${keys}, count(*), ? from ${FINDINGS_TABLE} where true
      group by ${keys} ${onConflict}`,
    [version],
  );
}

/** The control titles again from the findings table. */
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
