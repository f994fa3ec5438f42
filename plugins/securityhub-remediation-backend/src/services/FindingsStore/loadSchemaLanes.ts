import type { Knex } from 'knex';
import { COUNTS_TABLE, insertCounts, readDataVersion } from './findingCounts';
import { FINDINGS_TABLE } from './rows';
import { RESOURCE_KEYS_TABLE, rebuildResourceKeys } from './resourceKeys';
import {
  BUILD_MEMORY,
  useLoadSchema,
  type Definition,
  type Schemas,
} from './loadSchema';

type Task = (trx: Knex.Transaction) => Promise<unknown>;

const run =
  (ddl: string): Task =>
  trx =>
    trx.raw(ddl);

const isGin = (d: Definition) => / USING gin /i.test(d.ddl);

/**
 * Builds what the load schema's tables still lack in two lanes side by
 * side, one connection each, each task in a transaction of its own: a lock
 * a task takes (`ANALYZE` and an index build on the same table exclude each
 * other) is held only while it runs, so a lane waits at most for the other's
 * current task. The trigram (GIN) index is the longest build and has a lane
 * to itself; the other lane fills the counts and the resource keys from
 * the loaded rows and builds the B-trees and checks the foreign keys, which
 * take about as long.
 *
 * `definitions`: the loaded tables' keys, indexes and foreign keys (added
 * unchecked) still to build. Returns the data version the counts are
 * stamped with, which the swap then makes the store's.
 */
export async function buildSideBySide(
  db: Knex,
  names: Schemas,
  definitions: Definition[],
): Promise<string> {
  const of = (table: string) => definitions.filter(d => d.table === table);
  const findingIndexes = of(FINDINGS_TABLE).filter(d => d.kind === 'index');
  let countsVersion = '';
  const lanes: Task[][] = [
    [
      // Statistics exclude index builds on the same table: taken first.
      trx => trx.raw('analyze ??', [FINDINGS_TABLE]),
      ...findingIndexes.filter(isGin).map(d => run(d.ddl)),
    ],
    [
      async trx => {
        // One past the store's version: the swap moves the store's to it,
        // and the counts in memory then read every row of these.
        countsVersion = String(BigInt(await readDataVersion(trx)) + 1n);
        // Their grouping (660,000 groups at a million findings) spills to
        // disk with the default 4 MB of memory.
        await trx.raw(`set local work_mem = '256MB'`);
        await insertCounts(trx, countsVersion);
        for (const d of of(COUNTS_TABLE)) await trx.raw(d.ddl);
        await trx.raw('analyze ??', [COUNTS_TABLE]);
      },
      async trx => {
        await rebuildResourceKeys(trx);
        for (const d of of(RESOURCE_KEYS_TABLE)) await trx.raw(d.ddl);
        await trx.raw('analyze ??', [RESOURCE_KEYS_TABLE]);
      },
      ...findingIndexes.filter(d => !isGin(d)).map(d => run(d.ddl)),
      ...definitions
        .filter(d => d.kind === 'foreignKey')
        .map(
          (d): Task =>
            trx =>
              trx.raw('alter table ?? validate constraint ??', [
                d.table,
                d.name,
              ]),
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
  return countsVersion;
}
