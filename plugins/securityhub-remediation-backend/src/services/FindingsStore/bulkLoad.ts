import type { Knex } from 'knex';
import { FINDINGS_TABLE } from './rows';

/**
 * Runs a first load in one transaction on an empty store. The indexes stay
 * in place: dropping them takes a lock every reader waits on until the load
 * commits (PostgreSQL), and building them again is one statement that holds
 * the event loop for seconds at a million findings (better-sqlite3 runs on
 * it). Readers see the store as it was (empty) until the load commits.
 *
 * On PostgreSQL the trigram index takes new entries into its pending list,
 * which a larger limit lets grow for the whole load instead of merging it
 * every 4 MB; the vacuum after a large import merges it.
 */
export async function inFirstLoadTransaction<T>(
  db: Knex,
  load: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async trx => {
    if (trx.client.dialect === 'postgresql') {
      await trx.raw(`set local gin_pending_list_limit = '256MB'`);
    }
    const row = await trx(FINDINGS_TABLE).count({ n: '*' }).first();
    if (Number(row?.n ?? 0) > 0) {
      throw new Error('bulk load needs an empty findings store');
    }
    return load(trx);
  });
}
