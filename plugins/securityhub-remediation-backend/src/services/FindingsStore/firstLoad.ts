import type { Knex } from 'knex';
import { findingIdHash } from '@internal/plugin-securityhub-remediation-node';

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

  /** `sequence`: the store's findings key sequence (the load's table does not own it). */
  constructor(private readonly sequence: string) {}

  /** True the first time `id` is offered (by hash), false after. */
  claim(id: string): boolean {
    return this.claimHash(findingIdHash(id));
  }

  /** {@link FirstLoad.claim} by the id's `findingIdHash`. */
  claimHash(hash: number): boolean {
    if (this.hashes.has(hash)) return false;
    this.hashes.add(hash);
    return true;
  }

  /** `count` unused keys of the findings table (PostgreSQL). */
  async takeKeys(trx: Knex.Transaction, count: number): Promise<number[]> {
    if (this.keys.length < count) {
      this.keys.push(
        ...(await drawKeys(
          trx,
          Math.max(count - this.keys.length, KEYS_PER_DRAW),
          this.sequence,
        )),
      );
    }
    return this.keys.splice(0, count);
  }
}

/**
 * `count` values of the findings sequence. When they are a run (no other
 * writer drew meanwhile) PostgreSQL sends back only the lowest: 10,000 keys
 * cost one short row instead of 10,000, which took a twentieth of a load's
 * time. Otherwise every value drawn comes back, as one array.
 */
async function drawKeys(
  trx: Knex.Transaction,
  count: number,
  sequence: string,
): Promise<number[]> {
  const { rows } = await trx.raw(
    `select min(pk) as low,
            case when max(pk) - min(pk) + 1 = count(*) then null
                 else array_agg(pk order by pk) end as drawn
       from (select nextval(?::regclass) as pk
               from generate_series(1, ?)) keys`,
    [sequence, count],
  );
  const { low, drawn } = rows[0] as { low: string; drawn: string[] | null };
  if (drawn) return drawn.map(Number);
  return Array.from({ length: count }, (_, i) => Number(low) + i);
}
