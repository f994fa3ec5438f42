import type { Knex } from 'knex';
import { FINDINGS_TABLE } from '../FindingsStore/rows';

/** Findings counted per (account, severity). */
export interface AccountSeverityCount {
  accountId: string;
  severity: string;
  /** Every finding in the range. */
  all: number;
  /** Those that count as open while unresolved (see {@link isTracked}). */
  tracked: number;
}

/**
 * The findings whose open days a back-fill can reconstruct: FAILED now and
 * not suppressed. One fixed since (PASSED now) cannot be told from one that
 * always passed, so it is left out.
 */
const TRACKED_SQL = `case when compliance_status = 'FAILED'
  and workflow_status <> 'SUPPRESSED' then 1 else 0 end`;

/** Keeps `instant column` in [from, to); an index range read on that column. */
function inRange(
  query: Knex.QueryBuilder,
  column: 'created_at' | 'resolved_at',
  from: Date,
  to: Date,
): Knex.QueryBuilder {
  // ISO text: SQLite stores the timestamps as such; PostgreSQL casts it.
  return query
    .where(column, '>=', from.toISOString())
    .andWhere(column, '<', to.toISOString());
}

async function grouped(db: Knex, query: Knex.QueryBuilder) {
  const rows: Array<{
    aws_account_id: string;
    severity: string;
    n: number | string;
    tracked: number | string | null;
  }> = await query
    .select('aws_account_id', 'severity')
    .count({ n: '*' })
    .select(db.raw(`sum(${TRACKED_SQL}) as tracked`))
    .groupBy('aws_account_id', 'severity');
  return rows.map(
    (r): AccountSeverityCount => ({
      accountId: r.aws_account_id,
      severity: r.severity,
      all: Number(r.n),
      tracked: Number(r.tracked ?? 0),
    }),
  );
}

/** Findings created (`created_at`) or resolved (`resolved_at`) in [from, to). */
export function countByTime(
  db: Knex,
  column: 'created_at' | 'resolved_at',
  from: Date,
  to: Date,
): Promise<AccountSeverityCount[]> {
  return grouped(db, inRange(db(FINDINGS_TABLE), column, from, to));
}

/** Findings created before `at` and not resolved by it. */
export function countUnresolvedAt(
  db: Knex,
  at: Date,
): Promise<AccountSeverityCount[]> {
  const instant = at.toISOString();
  return grouped(
    db,
    db(FINDINGS_TABLE)
      .where('created_at', '<', instant)
      .andWhere(q =>
        q.whereNull('resolved_at').orWhere('resolved_at', '>=', instant),
      ),
  );
}
