import type { Knex } from 'knex';
import { FirstLoad } from './firstLoad';
import { COUNTS_TABLE } from './findingCounts';
import { FINDINGS_TABLE } from './rows';
import {
  BUILD_MEMORY,
  LOAD_LOCK,
  assertEmpty,
  createLoadTables,
  definitions,
  schemas,
  useLoadSchema,
  type Schemas,
} from './loadSchema';
import { buildSideBySide } from './loadSchemaLanes';
import { swapIn } from './loadSchemaSwap';
import { applyLoadDuplicates } from './writeThroughCopy';

export { dropInterruptedFirstLoad } from './loadSchema';

/**
 * A PostgreSQL first load into an empty store, through a schema of its own.
 *
 * The findings and their details are loaded into bare copies of the store's
 * tables in a load schema (`<schema>_first_load`) and committed there; the
 * counts and resource keys are filled from them and everything is indexed
 * on two connections side by side (`loadSchemaLanes`): index builds are the
 * longest part of a load and PostgreSQL builds one index on one core, and
 * one transaction cannot share its rows with a second connection. One short
 * transaction then swaps the loaded tables in for the store's empty ones
 * (`loadSchemaSwap`): readers see the empty store until it commits, then
 * all of the load, and the store's tables never lack an index. A failed
 * load drops its schema and leaves the store as it was; a backend that
 * stops mid-load drops it at its next start.
 *
 * `load` gets a transaction on the load schema and what draws the store's
 * finding keys.
 */
export async function loadThroughSchema<T>(
  db: Knex,
  load: (trx: Knex.Transaction, firstLoad: FirstLoad) => Promise<T>,
): Promise<T> {
  const names = await schemas(db);
  // One connection holds the load's lock until it ends (see LOAD_LOCK).
  return db.transaction(async guard => {
    await guard.raw(LOAD_LOCK, [names.load]);
    return loadHoldingLock(db, names, load);
  });
}

async function loadHoldingLock<T>(
  db: Knex,
  names: Schemas,
  load: (trx: Knex.Transaction, firstLoad: FirstLoad) => Promise<T>,
): Promise<T> {
  await assertEmpty(db, names);
  const all = await definitions(db, names);
  // The sequence stays the store's: the swap keeps it.
  const { rows } = await db.raw(
    `select pg_get_serial_sequence(quote_ident(?) || '.' || quote_ident(?), 'pk')
              as sequence`,
    [names.store, FINDINGS_TABLE],
  );
  const sequence: string = rows[0].sequence;
  await createLoadTables(db, names);
  try {
    // The findings' and details' keys now: later versions of loaded
    // findings need them, and a foreign key needs the key it points at.
    const keys = all.filter(d => d.kind === 'key' && d.table !== COUNTS_TABLE);
    const result = await db.transaction(async trx => {
      await useLoadSchema(trx, names);
      const value = await load(trx, new FirstLoad(sequence));
      await trx.raw(BUILD_MEMORY);
      for (const d of keys) await trx.raw(d.ddl);
      await applyLoadDuplicates(trx);
      // Added unchecked now (the lock it takes would wait for every index
      // build) and checked while the indexes build.
      for (const d of all.filter(x => x.kind === 'foreignKey')) {
        await trx.raw(`${d.ddl} NOT VALID`);
      }
      return value;
    });
    const countsVersion = await buildSideBySide(
      db,
      names,
      all.filter(d => !keys.includes(d)),
    );
    await swapIn(db, names, sequence, countsVersion);
    return result;
  } catch (error) {
    await db.raw('drop schema if exists ?? cascade', [names.load]);
    throw error;
  }
}
