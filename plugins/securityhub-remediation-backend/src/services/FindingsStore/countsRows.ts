import type { Knex } from 'knex';
import {
  CHANGED_COLUMN,
  COUNTS_TABLE,
  COUNT_DIMENSIONS,
} from './findingCounts';
import type { Dimension } from './countsTable';

/** Rows of the counts table read per query. */
const READ_CHUNK_ROWS = 5000;

/** A row of the counts table: its key, its count and when it last changed. */
export type CountRow = Record<Dimension, string | null> & {
  n: number | string;
  [CHANGED_COLUMN]?: number | string;
};

/**
 * Reads counts rows in key order — all of them, or those changed after
 * `version` — a chunk at a time with a turn of the event loop between
 * chunks, handing each chunk to `take`.
 */
export async function readInChunks(
  db: Knex,
  version: string | undefined,
  take: (rows: CountRow[]) => void,
): Promise<void> {
  const keys = version
    ? [CHANGED_COLUMN, ...COUNT_DIMENSIONS]
    : [...COUNT_DIMENSIONS];
  let after: unknown[] | undefined;
  for (;;) {
    const query = db(COUNTS_TABLE)
      .select(...keys, 'n')
      .orderBy(keys)
      .limit(READ_CHUNK_ROWS);
    if (version) query.where(CHANGED_COLUMN, '>', Number(version));
    if (after) {
      query.whereRaw(
        `(${keys.join(', ')}) > (${keys.map(() => '?').join(', ')})`,
        after as Knex.Value[],
      );
    }
    const rows: CountRow[] = await query;
    take(rows);
    if (rows.length < READ_CHUNK_ROWS) return;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = keys.map(k => last[k]);
    await new Promise(resolve => setImmediate(resolve));
  }
}
