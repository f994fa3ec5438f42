import type { Knex } from 'knex';

/**
 * A query's rows as arrays of their values, read without an object per row
 * (a broad tag or an index build reads hundreds of thousands): `pg` in
 * array mode, better-sqlite3 in raw mode, on a connection of the pool.
 */
export async function readPlainRows(
  db: Knex,
  query: Knex.QueryBuilder,
): Promise<unknown[][]> {
  const { sql, bindings } = query.toSQL().toNative();
  // Announced as knex announces its own statements (debug logs, tests).
  db.client.emit('query', { method: 'select', sql, bindings });
  const connection = await db.client.acquireConnection();
  try {
    if (db.client.dialect === 'postgresql') {
      const { rows } = await connection.query({
        text: sql,
        values: bindings,
        rowMode: 'array',
      });
      return rows;
    }
    return connection
      .prepare(sql)
      .raw()
      .all(...bindings);
  } finally {
    await db.client.releaseConnection(connection);
  }
}
