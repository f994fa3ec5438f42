import type { Knex } from 'knex';
import { DETAILS_TABLE, FINDINGS_TABLE } from './rows';
import { rebuildFindingCounts } from './findingCounts';
import { RESOURCE_KEYS_TABLE, rebuildResourceKeys } from './resourceKeys';
import { applyLoadDuplicates } from './writeThroughCopy';

/** Indexes dropped by a PostgreSQL first load, to build when it ends. */
const DEFERRED_TABLE = 'securityhub_deferred_indexes';

/** An index or constraint a first load defers, as the database declares it. */
interface DeferredDefinition {
  name: string;
  /** `CREATE INDEX …`, or `ALTER TABLE … ADD CONSTRAINT …` for a foreign key. */
  ddl: string;
}

/**
 * The findings table's and the resource keys' indexes, the unique finding id, and the foreign keys
 * that point at the table (the details'), with the statements that create
 * them, read from the database itself so they cannot drift from the
 * migrations. The primary key stays: keys are drawn in order, so appending
 * to it is cheap. A unique id checked per finding costs a lookup in a
 * growing index (a tenth of a load); built at the end it is one sort. A
 * foreign key checked per row costs a lookup per finding; added at the end
 * it is one join.
 */
async function deferrable(db: Knex): Promise<DeferredDefinition[]> {
  const { rows: indexes } = await db.raw(
    `select i.relname as name, pg_get_indexdef(i.oid) as ddl
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
      where t.relname in (?, ?) and not x.indisunique and not x.indisprimary
        and t.relnamespace = to_regnamespace(current_schema())`,
    [FINDINGS_TABLE, RESOURCE_KEYS_TABLE],
  );
  const { rows: constraints } = await db.raw(
    `select c.conname as name,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass,
                   c.conname, pg_get_constraintdef(c.oid)) as ddl
       from pg_constraint c
      where (c.contype = 'f' and c.confrelid = to_regclass(?))
         or (c.contype = 'u' and c.conrelid = to_regclass(?))`,
    [FINDINGS_TABLE, FINDINGS_TABLE],
  );
  return [...indexes, ...constraints];
}

const isConstraint = (ddl: string) => /^ALTER TABLE /i.test(ddl);
const isForeignKey = (ddl: string) => /FOREIGN KEY/i.test(ddl);

/** Builds one deferred object unless it exists (a restore after a partial one). */
async function build(trx: Knex.Transaction, { name, ddl }: DeferredDefinition) {
  if (!isConstraint(ddl)) {
    await trx.raw(
      ddl.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '),
    );
    return;
  }
  const { rows } = await trx.raw(
    'select 1 from pg_constraint where conname = ?',
    [name],
  );
  if (rows.length === 0) await trx.raw(ddl);
}

async function drop(trx: Knex.Transaction, { name, ddl }: DeferredDefinition) {
  if (!isConstraint(ddl)) {
    await trx.raw('drop index ??', [name]);
    return;
  }
  const table = /^ALTER TABLE (\S+) /i.exec(ddl)![1];
  await trx.raw(`alter table ${table} drop constraint ??`, [name]);
}

async function assertEmpty(db: Knex): Promise<void> {
  const row = await db(FINDINGS_TABLE).select('pk').first();
  if (row) throw new Error('bulk load needs an empty findings store');
}

/**
 * Builds every index a first load deferred and forgets them. Run after a
 * load ends either way, and at start-up in case a backend stopped mid-load.
 */
export async function restoreDeferredIndexes(
  db: Knex | Knex.Transaction,
): Promise<string[]> {
  if (db.client.dialect !== 'postgresql') return [];
  const deferred: DeferredDefinition[] = await db(DEFERRED_TABLE).select(
    'name',
    'ddl',
  );
  if (deferred.length === 0) return [];
  const buildAll = async (trx: Knex.Transaction) => {
    // Index builds sort in memory; the default 64 MB spills to disk at ~100k rows.
    await trx.raw(`set local maintenance_work_mem = '256MB'`);
    // Indexes first: the foreign key's check then has them.
    const ordered = [...deferred].sort(
      (a, b) => Number(isForeignKey(a.ddl)) - Number(isForeignKey(b.ddl)),
    );
    for (const definition of ordered) await build(trx, definition);
    await trx(DEFERRED_TABLE).delete();
  };
  await (db.isTransaction
    ? buildAll(db as Knex.Transaction)
    : db.transaction(buildAll));
  return deferred.map(d => d.name);
}

/**
 * Runs a first load into an empty store in one transaction: all or nothing,
 * and readers see the store as it was (empty) until it commits.
 *
 * On PostgreSQL the indexes (the finding id's unique one too: a later
 * version of a finding already loaded waits in a staging table until it is
 * built) and the details' foreign key are
 * dropped BEFORE the load, in a short transaction of their own (the table is empty: the exclusive lock
 * lasts milliseconds), and built inside the load's transaction at its end:
 * `CREATE INDEX` takes a lock readers do not wait on, sorts once instead of
 * updating every index per finding, and commits with the rows; the counts
 * triggers are off during the load and the counts computed once at its end. That puts the
 * import at `COPY`'s pace. They are written down first, so a failed or
 * interrupted load builds them again.
 *
 * On SQLite the indexes stay: better-sqlite3 runs on the event loop, and
 * building an index over a million rows would hold it for seconds; readers
 * use their own connection on the WAL snapshot.
 */
export async function inFirstLoadTransaction<T>(
  db: Knex,
  load: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  if (db.client.dialect !== 'postgresql') {
    return db.transaction(async trx => {
      await assertEmpty(trx);
      return load(trx);
    });
  }
  await db.transaction(async trx => {
    await assertEmpty(trx);
    const definitions = await deferrable(trx);
    if (definitions.length === 0) return;
    await trx(DEFERRED_TABLE).insert(definitions).onConflict('name').ignore();
    // Foreign keys first: they depend on the keys they point at.
    const ordered = [...definitions].sort(
      (a, b) => Number(isForeignKey(b.ddl)) - Number(isForeignKey(a.ddl)),
    );
    for (const definition of ordered) await drop(trx, definition);
  });
  try {
    return await db.transaction(async trx => {
      await assertEmpty(trx);
      // The counts are computed once at the end instead of per statement
      // (about a tenth of the load). Readers are not blocked by this lock.
      // The resource keys likewise, filled once from the details.
      for (const table of [FINDINGS_TABLE, DETAILS_TABLE]) {
        await trx.raw(`alter table ${table} disable trigger user`);
      }
      const result = await load(trx);
      await applyLoadDuplicatesAndKeys(trx);
      await rebuildFindingCounts(trx);
      for (const table of [FINDINGS_TABLE, DETAILS_TABLE]) {
        await trx.raw(`alter table ${table} enable trigger user`);
      }
      return result;
    });
  } catch (error) {
    await restoreDeferredIndexes(db);
    throw error;
  }
}

/**
 * Builds the deferred indexes the later versions need (the unique finding
 * id), applies those versions, then fills the resource keys from the final
 * details and only then builds their indexes: one sort instead of an index
 * update per key.
 */
async function applyLoadDuplicatesAndKeys(trx: Knex.Transaction) {
  const deferred: DeferredDefinition[] = await trx(DEFERRED_TABLE).select(
    'name',
    'ddl',
  );
  const keyIndexes = deferred.filter(d =>
    d.name.startsWith(`${RESOURCE_KEYS_TABLE}_`),
  );
  await trx(DEFERRED_TABLE)
    .whereIn(
      'name',
      keyIndexes.map(d => d.name),
    )
    .delete();
  await restoreDeferredIndexes(trx);
  await applyLoadDuplicates(trx);
  await rebuildResourceKeys(trx);
  await trx(DEFERRED_TABLE).insert(keyIndexes).onConflict('name').ignore();
  await restoreDeferredIndexes(trx);
}
