import type { Knex } from 'knex';
import { COUNTS_TABLE } from './findingCounts';
import { DETAILS_TABLE, FINDINGS_TABLE } from './rows';
import { RESOURCE_KEYS_TABLE } from './resourceKeys';
import { SYNC_UNITS_TABLE } from './syncUnits';

/**
 * The load schema of a PostgreSQL first load (see `firstLoadSchema`): its
 * name, its tables and the definitions of what is built on them.
 */

/**
 * The tables a first load fills, in the order they are dropped: the
 * findings, their details, resource keys and counts.
 */
export const LOADED_TABLES = [
  RESOURCE_KEYS_TABLE,
  DETAILS_TABLE,
  FINDINGS_TABLE,
  COUNTS_TABLE,
];

/** Written by the load's units; merged into the store's at the swap. */
export const MERGED_TABLES = [SYNC_UNITS_TABLE];

export interface Schemas {
  /** The store's schema. */
  store: string;
  /** Where the load goes. */
  load: string;
}

/** An index or constraint of a loaded table, as the store's schema declares it. */
export interface Definition {
  name: string;
  table: string;
  ddl: string;
  kind: 'key' | 'index' | 'foreignKey';
}

const loadSchemaOf = (store: string) => `${store.slice(0, 48)}_first_load`;

export async function schemas(db: Knex): Promise<Schemas> {
  const { rows } = await db.raw('select current_schema() as schema');
  const store: string = rows[0].schema;
  return { store, load: loadSchemaOf(store) };
}

/** In the load schema first: the load's statements name the tables as usual. */
export const useLoadSchema = (
  trx: Knex.Transaction,
  { store, load }: Schemas,
) =>
  trx.raw(
    "select set_config('search_path', quote_ident(?) || ', ' || quote_ident(?), true)",
    [load, store],
  );

/** Index builds sort in memory; the default 64 MB spills to disk at ~100k rows. */
export const BUILD_MEMORY = `set local maintenance_work_mem = '256MB'`;

export async function assertEmpty(
  db: Knex | Knex.Transaction,
  { store }: Schemas,
) {
  const row = await db.withSchema(store).from(FINDINGS_TABLE).first('pk');
  if (row) throw new Error('bulk load needs an empty findings store');
}

/**
 * Held (as a transaction's advisory lock, keyed by the load schema's name)
 * for as long as a first load runs, so that a backend starting meanwhile
 * does not take its schema for one an interrupted load left.
 */
export const LOAD_LOCK = 'select pg_advisory_xact_lock(hashtext(?))';

/**
 * Drops what a first load left when its backend stopped before the swap;
 * false when there is none, or when a load is running (on another
 * backend).
 */
export async function dropInterruptedFirstLoad(db: Knex): Promise<boolean> {
  if (db.client.dialect !== 'postgresql') return false;
  const { load } = await schemas(db);
  return db.transaction(async trx => {
    const { rows: lock } = await trx.raw(
      'select pg_try_advisory_xact_lock(hashtext(?)) as free',
      [load],
    );
    if (!lock[0].free) return false;
    const { rows } = await trx.raw(
      'select 1 from pg_namespace where nspname = ?',
      [load],
    );
    if (rows.length === 0) return false;
    await trx.raw('drop schema ?? cascade', [load]);
    return true;
  });
}

/**
 * The loaded tables' keys, unique constraints, indexes and foreign keys, with
 * the statements that create them in the load schema: read from the store's
 * own tables, so they cannot drift from the migrations.
 */
export async function definitions(db: Knex, { store, load }: Schemas) {
  const { rows } = await db.raw(
    `select c.conname as name, t.relname as "table",
            case c.contype when 'f' then 'foreignKey' else 'key' end as kind,
            format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', ?::text,
                   t.relname, c.conname, pg_get_constraintdef(c.oid)) as ddl
       from pg_constraint c join pg_class t on t.oid = c.conrelid
      where c.contype in ('p', 'u', 'f') and t.relname = any(?)
        and t.relnamespace = to_regnamespace(?)
     union all
     select i.relname, t.relname, 'index', pg_get_indexdef(i.oid)
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
      where t.relname = any(?) and t.relnamespace = to_regnamespace(?)
        and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    [load, LOADED_TABLES, store, LOADED_TABLES, store],
  );
  const qualified = `ON ${await quoted(db, store)}.`;
  const onLoad = `ON ${await quoted(db, load)}.`;
  return (rows as Definition[]).map(d => {
    if (d.kind !== 'index') return d;
    if (!d.ddl.includes(qualified)) {
      throw new Error(`unexpected index definition: ${d.ddl}`);
    }
    return { ...d, ddl: d.ddl.replace(qualified, onLoad) };
  });
}

async function quoted(db: Knex, identifier: string): Promise<string> {
  const { rows } = await db.raw('select quote_ident(?) as q', [identifier]);
  return rows[0].q;
}

/** Bare copies of the loaded tables, and full ones of the merged tables. */
export async function createLoadTables(db: Knex, { store, load }: Schemas) {
  await db.transaction(async trx => {
    await trx.raw('drop schema if exists ?? cascade', [load]);
    await trx.raw('create schema ??', [load]);
    // Autovacuum would scan the committed tables while they load and their
    // indexes build, taking a core from both.
    for (const table of LOADED_TABLES) {
      await trx.raw(
        `create table ??.?? (like ??.?? including all excluding indexes excluding statistics)
           with (autovacuum_enabled = false)`,
        [load, table, store, table],
      );
    }
    for (const table of MERGED_TABLES) {
      await trx.raw('create table ??.?? (like ??.?? including all)', [
        load,
        table,
        store,
        table,
      ]);
    }
  });
}
