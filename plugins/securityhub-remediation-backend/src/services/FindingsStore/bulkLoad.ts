import type { Knex } from 'knex';
import { FINDINGS_TABLE } from './rows';
import type { FirstLoad } from './firstLoad';
import { loadThroughSchema } from './firstLoadSchema';

/**
 * Indexes an earlier version's PostgreSQL first load dropped, to build if
 * it stopped before it ended.
 */
const DEFERRED_TABLE = 'securityhub_deferred_indexes';

/** An index or constraint an earlier version's first load deferred. */
interface DeferredDefinition {
  name: string;
  /** `CREATE INDEX …`, or `ALTER TABLE … ADD CONSTRAINT …` for a foreign key. */
  ddl: string;
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

/**
 * Builds every index a first load of an earlier version deferred and
 * forgets them: run at start-up in case such a backend stopped mid-load.
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
 * Runs a first load into an empty store in one transaction as the reader
 * sees it: all or nothing, and readers see the store as it was (empty)
 * until it commits. On PostgreSQL through a load schema, indexed on two
 * connections before it is swapped in (see `firstLoadSchema`); `load` gets
 * what draws the findings' keys ahead.
 *
 * On SQLite in one transaction with the indexes in place: better-sqlite3
 * runs on the event loop, and building an index over a million rows would
 * hold it for seconds; readers use their own connection on the WAL snapshot.
 */
export async function inFirstLoadTransaction<T>(
  db: Knex,
  load: (trx: Knex.Transaction, firstLoad?: FirstLoad) => Promise<T>,
): Promise<T> {
  if (db.client.dialect === 'postgresql') return loadThroughSchema(db, load);
  return db.transaction(async trx => {
    const row = await trx(FINDINGS_TABLE).select('pk').first();
    if (row) throw new Error('bulk load needs an empty findings store');
    return load(trx);
  });
}
