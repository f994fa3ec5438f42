import type { Knex } from 'knex';
import { FINDINGS_TABLE } from './rows';

/** A secondary index of the findings table, as the database declares it. */
interface IndexDefinition {
  name: string;
  ddl: string;
}

/**
 * The findings table's non-unique indexes with the statements that create
 * them, read from the database itself so they cannot drift from the
 * migrations. Unique ones (the finding id) stay: upserts need them.
 */
async function secondaryIndexes(
  trx: Knex.Transaction,
): Promise<IndexDefinition[]> {
  if (trx.client.dialect === 'postgresql') {
    const { rows } = await trx.raw(
      `select i.relname as name, pg_get_indexdef(i.oid) as ddl
         from pg_index x
         join pg_class i on i.oid = x.indexrelid
         join pg_class t on t.oid = x.indrelid
        where t.relname = ? and not x.indisunique and not x.indisprimary
          and t.relnamespace = to_regnamespace(current_schema())`,
      [FINDINGS_TABLE],
    );
    return rows;
  }
  const rows: Array<{ name: string; sql: string }> = await trx.raw(
    `select name, sql from sqlite_master
      where type = 'index' and tbl_name = ? and sql is not null
        and sql not like 'create unique%' collate nocase`,
    [FINDINGS_TABLE],
  );
  return rows.map(r => ({ name: r.name, ddl: r.sql }));
}

/**
 * Runs `load` in one transaction with the findings table's secondary indexes
 * dropped, then builds them again (sorted once instead of updated per row).
 * The DDL is transactional on SQLite and PostgreSQL, so an error rolls the
 * indexes back with the rows.
 */
export async function withIndexesBuiltAfter<T>(
  db: Knex,
  load: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async trx => {
    const indexes = await secondaryIndexes(trx);
    for (const { name } of indexes) {
      await trx.raw('drop index ??', [name]);
    }
    const result = await load(trx);
    if (trx.client.dialect === 'postgresql') {
      // Index builds sort in memory; the default 64 MB spills to disk at ~100k rows.
      await trx.raw(`set local maintenance_work_mem = '256MB'`);
    }
    for (const { ddl } of indexes) await trx.raw(ddl);
    return result;
  });
}
