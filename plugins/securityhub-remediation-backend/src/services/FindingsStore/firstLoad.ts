import type { Knex } from 'knex';
import { FINDINGS_TABLE } from './rows';

/** Table keys drawn from the sequence at a time: one round trip per this many findings. */
const KEYS_PER_DRAW = 10_000;

/**
 * What a first load into an empty store keeps between its batches: the ids
 * it has written so far, as 32-bit hashes (~1 MB per 100,000 findings
 * where the ids would take ~15 MB), and table keys drawn ahead from the
 * findings sequence. A hash collision only sends a finding down the upsert
 * path, which is always correct; a fresh id is one the load has certainly
 * not written. Keys drawn and not used are gaps, as after any rollback.
 */
export class FirstLoad {
  private readonly hashes = new Set<number>();
  private keys: number[] = [];

  /** True the first time `id` is offered (by hash), false after. */
  claim(id: string): boolean {
    const hash = fnv1a(id);
    if (this.hashes.has(hash)) return false;
    this.hashes.add(hash);
    return true;
  }

  /** `count` unused keys of the findings table (PostgreSQL). */
  async takeKeys(trx: Knex.Transaction, count: number): Promise<number[]> {
    if (this.keys.length < count) {
      const { rows } = await trx.raw(
        `select nextval(pg_get_serial_sequence(?, 'pk')) as pk
           from generate_series(1, ?)`,
        [FINDINGS_TABLE, Math.max(count - this.keys.length, KEYS_PER_DRAW)],
      );
      this.keys.push(...rows.map((r: { pk: string }) => Number(r.pk)));
    }
    return this.keys.splice(0, count);
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
