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
export function upsertStatement<T extends object>(
  db: Knex | Knex.Transaction,
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
): Knex.Raw {
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
  return db.raw(sql, bindings as Knex.RawBinding[]);
}
