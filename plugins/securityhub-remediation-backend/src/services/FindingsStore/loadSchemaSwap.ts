import type { Knex } from 'knex';
import {
  CHANGED_COLUMN,
  COUNT_DIMENSIONS,
  COUNTS_TABLE,
  VERSION_TABLE,
  readDataVersion,
  rebuildControlTitles,
} from './findingCounts';
import { FINDINGS_TABLE } from './rows';
import {
  LOADED_TABLES,
  MERGED_TABLES,
  assertEmpty,
  useLoadSchema,
  type Schemas,
} from './loadSchema';

/**
 * One transaction: the loaded tables take the place of the store's empty
 * ones, with the store's triggers, grants and key sequence, the load's sync units
 * are merged and the data version moves to the one the loaded counts carry
 * (`countsVersion`). The control titles are computed and the version moved
 * before the store's tables are locked: readers wait only for the DDL.
 */
export async function swapIn(
  db: Knex,
  names: Schemas,
  sequence: string,
  countsVersion: string,
) {
  const { store, load } = names;
  await db.transaction(async trx => {
    await useLoadSchema(trx, names);
    // Read from the loaded findings, written to the store's titles.
    await rebuildControlTitles(trx);
    await trx(VERSION_TABLE).where('id', 1).increment('version', 1);
    const version = await readDataVersion(trx);
    // Another writer moved it meanwhile (nothing does while the store is
    // empty): the counts are stamped again, or the counts in memory at the
    // version between would not read them.
    if (version !== countsVersion) {
      await trx(COUNTS_TABLE).update({ [CHANGED_COLUMN]: version });
    }
    await keepEmptiedCounts(trx, names, version);
    await trx.raw("select set_config('search_path', quote_ident(?), true)", [
      store,
    ]);
    await trx.raw(
      `lock table ${LOADED_TABLES.map(() => '??.??').join(
        ', ',
      )} in access exclusive mode`,
      LOADED_TABLES.flatMap(t => [store, t]),
    );
    await assertEmpty(trx, names);
    const { rows: triggers } = await trx.raw(
      `select pg_get_triggerdef(g.oid) as ddl
         from pg_trigger g join pg_class t on t.oid = g.tgrelid
        where not g.tgisinternal and t.relname = any(?)
          and t.relnamespace = to_regnamespace(?)`,
      [LOADED_TABLES, store],
    );
    const grants = await grantsOf(trx, store);
    await trx.raw(`alter sequence ${sequence} owned by none`);
    for (const table of LOADED_TABLES) {
      await trx.raw('drop table ??.??', [store, table]);
    }
    for (const table of LOADED_TABLES) {
      await trx.raw('alter table ??.?? set schema ??', [load, table, store]);
      await trx.raw('alter table ??.?? reset (autovacuum_enabled)', [
        store,
        table,
      ]);
    }
    for (const { ddl } of [...triggers, ...grants] as Array<{ ddl: string }>) {
      await trx.raw(ddl);
    }
    await trx.raw(`alter sequence ${sequence} owned by ??.??.??`, [
      store,
      FINDINGS_TABLE,
      'pk',
    ]);
    for (const table of MERGED_TABLES) {
      await mergeInto(trx, names, table);
    }
    await trx.raw('drop schema ?? cascade', [load]);
  });
}

/**
 * What the store's tables grant to other roles (a reporting role, say), as
 * `GRANT` statements for the tables that take their place. The names come
 * quoted from the catalog.
 */
async function grantsOf(
  trx: Knex.Transaction,
  store: string,
): Promise<Array<{ ddl: string }>> {
  const { rows } = await trx.raw(
    `select format('grant %s on table %I.%I to %s%s', a.privilege_type,
                   n.nspname, c.relname,
                   case when a.grantee = 0 then 'public'
                        else a.grantee::regrole::text end,
                   case when a.is_grantable then ' with grant option' else '' end)
              as ddl
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       cross join lateral aclexplode(c.relacl) a
      where c.relname = any(?) and n.nspname = ? and a.grantee <> c.relowner`,
    [LOADED_TABLES, store],
  );
  return rows;
}

/**
 * The store's counts rows the load has no row for, at zero: the store is
 * empty, but counts in memory that have not yet read the rows a deletion
 * emptied (zeroed, not deleted, for them) would keep the old numbers once
 * the store's table is gone.
 */
async function keepEmptiedCounts(
  trx: Knex.Transaction,
  { store, load }: Schemas,
  version: string,
) {
  const same = COUNT_DIMENSIONS.map(d => `l.${d} = s.${d}`).join(' and ');
  await trx.raw(
    `insert into ??.?? (${COUNT_DIMENSIONS.join(', ')}, n, ${CHANGED_COLUMN})
     select ${COUNT_DIMENSIONS.map(d => `s.${d}`).join(', ')}, 0, ?
       from ??.?? s
      where not exists (select 1 from ??.?? l where ${same})`,
    [load, COUNTS_TABLE, version, store, COUNTS_TABLE, load, COUNTS_TABLE],
  );
}

/** The load's rows of a table replace the store's rows with the same key. */
async function mergeInto(
  trx: Knex.Transaction,
  { store, load }: Schemas,
  table: string,
) {
  const { rows } = await trx.raw(
    `select array_agg(a.attname::text order by array_position(c.conkey, a.attnum)) as columns
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.conrelid = to_regclass(quote_ident(?) || '.' || quote_ident(?))
        and c.contype in ('p', 'u')
      group by c.oid order by c.contype limit 1`,
    [store, table],
  );
  const key: string[] = rows[0].columns;
  await trx.raw(
    `delete from ??.?? s using ??.?? l where ${key
      .map(() => 's.?? = l.??')
      .join(' and ')}`,
    [store, table, load, table, ...key.flatMap(k => [k, k])],
  );
  await trx.raw('insert into ??.?? select * from ??.??', [
    store,
    table,
    load,
    table,
  ]);
}
