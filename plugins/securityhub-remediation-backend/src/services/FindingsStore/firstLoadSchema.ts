import type { Knex } from 'knex';
import { COUNTS_TABLE, rebuildFindingCounts } from './findingCounts';
import { FirstLoad } from './firstLoad';
import { DETAILS_TABLE, FINDINGS_TABLE } from './rows';
import { RESOURCE_KEYS_TABLE, rebuildResourceKeys } from './resourceKeys';
import { SYNC_UNITS_TABLE } from './syncUnits';
import { applyLoadDuplicates } from './writeThroughCopy';

/**
 * A PostgreSQL first load into an empty store, through a schema of its own.
 *
 * The findings, their details and resource keys are loaded into bare copies
 * of the store's tables in a load schema (`<schema>_first_load`), committed,
 * and indexed there on two connections side by side: index
 * builds are the longest part of a load and PostgreSQL builds one index on
 * one core, so building them side by side on committed tables halves that
 * part on two cores (one transaction cannot; another connection does not
 * see its rows). One short transaction then swaps the loaded tables in for
 * the store's empty ones, with the store's triggers, sequence and sync units:
 * readers see the empty store until it commits, then all of the load. A
 * failed load drops its schema and leaves the store as it was.
 */

/** The tables a first load fills, in the order they are dropped. */
const LOADED_TABLES = [RESOURCE_KEYS_TABLE, DETAILS_TABLE, FINDINGS_TABLE];

/** Written by the load's units; merged into the store's at the swap. */
const MERGED_TABLES = [SYNC_UNITS_TABLE];

interface Schemas {
  /** The store's schema. */
  store: string;
  /** Where the load goes. */
  load: string;
}

/** An index or constraint of a loaded table, as the store's schema declares it. */
interface Definition {
  name: string;
  table: string;
  ddl: string;
  kind: 'key' | 'index' | 'foreignKey';
}

const loadSchemaOf = (store: string) => `${store.slice(0, 48)}_first_load`;

async function schemas(db: Knex): Promise<Schemas> {
  const { rows } = await db.raw('select current_schema() as schema');
  const store: string = rows[0].schema;
  return { store, load: loadSchemaOf(store) };
}

/** Drops what a first load left when its backend stopped before the swap. */
export async function dropInterruptedFirstLoad(db: Knex): Promise<boolean> {
  if (db.client.dialect !== 'postgresql') return false;
  const { load } = await schemas(db);
  const { rows } = await db.raw(
    'select 1 from pg_namespace where nspname = ?',
    [load],
  );
  if (rows.length === 0) return false;
  await db.raw('drop schema ?? cascade', [load]);
  return true;
}

/**
 * The loaded tables' keys, unique constraints, indexes and foreign keys, with
 * the statements that create them in the load schema: read from the store's
 * own tables, so they cannot drift from the migrations.
 */
async function definitions(db: Knex, { store, load }: Schemas) {
  const { rows } = await db.raw(
    `select c.conname as name, c.conrelid::regclass::text as "table",
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
async function createLoadTables(db: Knex, { store, load }: Schemas) {
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

/** In the load schema first: the load's statements name the tables as usual. */
const useLoadSchema = (trx: Knex.Transaction, { store, load }: Schemas) =>
  trx.raw('select set_config(?, ?, true)', [
    'search_path',
    `"${load}", "${store}"`,
  ]);

/** Index builds sort in memory; the default 64 MB spills to disk at ~100k rows. */
const BUILD_MEMORY = `set local maintenance_work_mem = '256MB'`;

async function assertEmpty(db: Knex | Knex.Transaction, { store }: Schemas) {
  const row = await db.withSchema(store).from(FINDINGS_TABLE).first('pk');
  if (row) throw new Error('bulk load needs an empty findings store');
}

/**
 * Runs `load` into the load schema, builds it, and swaps it in (see the top
 * of this file). `load` gets a transaction on the load schema.
 */
export async function loadThroughSchema<T>(
  db: Knex,
  load: (trx: Knex.Transaction, firstLoad: FirstLoad) => Promise<T>,
): Promise<T> {
  const names = await schemas(db);
  await assertEmpty(db, names);
  const all = await definitions(db, names);
  // The sequence stays the store's: the swap keeps it.
  const { rows } = await db.raw(
    'select pg_get_serial_sequence(?, ?) as sequence',
    [`"${names.store}".${FINDINGS_TABLE}`, 'pk'],
  );
  const sequence: string = rows[0].sequence;
  await createLoadTables(db, names);
  try {
    const result = await db.transaction(async trx => {
      await useLoadSchema(trx, names);
      const value = await load(trx, new FirstLoad(sequence));
      // Later versions of loaded findings need the finding id's key.
      await trx.raw(BUILD_MEMORY);
      for (const d of all.filter(x => x.kind === 'key')) await trx.raw(d.ddl);
      await applyLoadDuplicates(trx);
      // Added unchecked now (the lock it takes would wait for every index
      // build) and checked while the indexes build.
      for (const d of all.filter(x => x.kind === 'foreignKey')) {
        await trx.raw(`${d.ddl} NOT VALID`);
      }
      return value;
    });
    await buildSideBySide(
      db,
      names,
      all.filter(d => d.kind !== 'key'),
    );
    await swapIn(db, names, sequence);
    return result;
  } catch (error) {
    await db.raw('drop schema if exists ?? cascade', [names.load]);
    throw error;
  }
}

/**
 * Builds the load's indexes, its resource keys (then their indexes), its
 * foreign keys and statistics in two lanes side by side (one connection
 * each), each task in a transaction of its own: a lock a task takes (ANALYZE
 * and an index build on the same table exclude each other) is held only
 * while it runs, so a lane waits at most for the other's current task.
 */
async function buildSideBySide(
  db: Knex,
  names: Schemas,
  definitionsToBuild: Definition[],
) {
  type Task = (trx: Knex.Transaction) => Promise<unknown>;
  const run =
    (ddl: string): Task =>
    trx =>
      trx.raw(ddl);
  const isGin = (d: Definition) => / USING gin /i.test(d.ddl);
  const indexes = definitionsToBuild.filter(d => d.kind === 'index');
  const keyIndexes = indexes.filter(d => d.table === RESOURCE_KEYS_TABLE);
  const findingIndexes = indexes.filter(d => d.table !== RESOURCE_KEYS_TABLE);
  // The trigram (GIN) index is the longest build; the resource keys, the
  // B-trees, the foreign keys' checks and the statistics take about as long.
  const lanes: Task[][] = [
    [
      // Statistics exclude index builds on the same table: taken first.
      trx => trx.raw('analyze ??', [FINDINGS_TABLE]),
      ...findingIndexes.filter(isGin).map(d => run(d.ddl)),
    ],
    [
      async trx => {
        await rebuildResourceKeys(trx);
        for (const d of keyIndexes) await trx.raw(d.ddl);
        await trx.raw('analyze ??', [RESOURCE_KEYS_TABLE]);
      },
      ...findingIndexes.filter(d => !isGin(d)).map(d => run(d.ddl)),
      ...definitionsToBuild
        .filter(d => d.kind === 'foreignKey')
        .map(d =>
          run(`ALTER TABLE ${d.table} VALIDATE CONSTRAINT "${d.name}"`),
        ),
    ],
  ];
  let failed = false;
  const runLane = async (tasks: Task[]) => {
    for (const task of tasks) {
      if (failed) return;
      try {
        await db.transaction(async trx => {
          await useLoadSchema(trx, names);
          await trx.raw(BUILD_MEMORY);
          await task(trx);
        });
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(lanes.map(runLane));
  const rejected = results.find(r => r.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}

/**
 * One transaction: the counts from the load, then the loaded tables take
 * the place of the store's empty ones, with their triggers and sequence,
 * and the load's sync units are merged. Readers wait only for the DDL.
 */
async function swapIn(db: Knex, names: Schemas, sequence: string) {
  const { store, load } = names;
  await db.transaction(async trx => {
    await useLoadSchema(trx, names);
    // Read from the loaded findings, written to the store's counts.
    await rebuildFindingCounts(trx);
    await trx.raw('analyze ??.??', [store, COUNTS_TABLE]);
    await trx.raw('select set_config(?, ?, true)', [
      'search_path',
      `"${store}"`,
    ]);
    await trx.raw(
      `lock table ${LOADED_TABLES.map(t => `"${store}".${t}`).join(
        ', ',
      )} in access exclusive mode`,
    );
    await assertEmpty(trx, names);
    const { rows: triggers } = await trx.raw(
      `select pg_get_triggerdef(g.oid) as ddl
         from pg_trigger g join pg_class t on t.oid = g.tgrelid
        where not g.tgisinternal and t.relname = any(?)
          and t.relnamespace = to_regnamespace(?)`,
      [LOADED_TABLES, store],
    );
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
    for (const { ddl } of triggers as Array<{ ddl: string }>) {
      await trx.raw(ddl);
    }
    await trx.raw(
      `alter sequence ${sequence} owned by "${store}".${FINDINGS_TABLE}.pk`,
    );
    for (const table of MERGED_TABLES) {
      await mergeInto(trx, names, table);
    }
    await trx.raw('drop schema ?? cascade', [load]);
  });
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
      where c.conrelid = to_regclass(?) and c.contype in ('p', 'u')
      group by c.oid order by c.contype limit 1`,
    [`"${store}".${table}`],
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
