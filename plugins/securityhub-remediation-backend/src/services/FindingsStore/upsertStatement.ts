import type { Knex } from 'knex';

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * One multi-row `INSERT … VALUES … ON CONFLICT DO UPDATE` statement.
 *
 * Knex writes multi-row inserts for SQLite as `INSERT … SELECT … UNION ALL
 * SELECT …`, which SQLite plans as one compound query per statement and is
 * several times slower than a VALUES list; both SQLite (3.24+) and
 * PostgreSQL accept this form.
 */
export async function upsertStatement<T extends object>(
  db: Knex.Transaction,
  options: {
    table: string;
    rows: T[];
    conflictColumn: keyof T & string;
    /** Column → SQL expression for the update (may use `excluded.<column>`). */
    set: Array<[string, string]>;
    /** Guards the update, e.g. only newer versions replace older ones. */
    where?: string;
    returning?: Array<keyof T & string>;
  },
): Promise<Array<Record<string, unknown>>> {
  const { table, rows } = options;
  const columns = Object.keys(rows[0]) as Array<keyof T & string>;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const bindings: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) bindings.push(row[column] ?? null);
  }
  const sql = [
    `insert into ${quote(table)} (${columns.map(quote).join(', ')})`,
    `values ${rows.map(() => tuple).join(', ')}`,
    `on conflict (${quote(options.conflictColumn)}) do update set`,
    options.set
      .map(([column, expression]) => `${quote(column)} = ${expression}`)
      .join(', '),
    options.where ? `where ${options.where}` : '',
    options.returning
      ? `returning ${options.returning.map(quote).join(', ')}`
      : '',
  ].join(' ');
  if (isBetterSqlite(db)) {
    return runOnBetterSqlite(db, sql, bindings, Boolean(options.returning));
  }
  const result = await db.raw(sql, bindings as Knex.RawBinding[]);
  // PostgreSQL answers { rows }.
  return Array.isArray(result) ? result : result.rows;
}

/** The part of a better-sqlite3 connection this module uses. */
interface BetterSqliteConnection {
  prepare(sql: string): {
    all(bindings: unknown[]): Array<Record<string, unknown>>;
    run(bindings: unknown[]): unknown;
  };
}
type BetterSqliteStatement = ReturnType<BetterSqliteConnection['prepare']>;

/** Distinct statement texts kept per connection (per table and chunk size). */
const STATEMENTS_PER_CONNECTION = 12;
const preparedStatements = new WeakMap<
  object,
  Map<string, BetterSqliteStatement>
>();

function isBetterSqlite(db: Knex.Transaction): boolean {
  return (db.client as { driverName?: string }).driverName === 'better-sqlite3';
}

/**
 * Runs the statement on the transaction's own better-sqlite3 connection,
 * prepared once per statement text. Through `knex.raw`, knex rewrites every
 * `?` of a ~30,000-parameter statement and SQLite compiles it again for each
 * chunk: together ~10 % of a bulk import's CPU. Values are strings, numbers
 * and nulls only, so knex's binding conversion has nothing to do here.
 */
async function runOnBetterSqlite(
  trx: Knex.Transaction,
  sql: string,
  bindings: unknown[],
  returnsRows: boolean,
): Promise<Array<Record<string, unknown>>> {
  // Inside a transaction knex hands out the transaction's connection.
  const connection: BetterSqliteConnection =
    await trx.client.acquireConnection();
  let statements = preparedStatements.get(connection);
  if (!statements) {
    statements = new Map();
    preparedStatements.set(connection, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    if (statements.size >= STATEMENTS_PER_CONNECTION) {
      statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
  }
  if (returnsRows) return statement.all(bindings);
  statement.run(bindings);
  return [];
}
