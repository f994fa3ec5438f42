import type { Knex } from 'knex';
import {
  describeOnPostgres,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { FirstLoad } from './firstLoad';
import { FINDINGS_TABLE } from './rows';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

describe('FirstLoad.claim', () => {
  it('offers an id once', () => {
    const load = new FirstLoad('unused');
    expect(load.claim('a')).toBe(true);
    expect(load.claim('b')).toBe(true);
    expect(load.claim('a')).toBe(false);
  });
});

// Keys are drawn on PostgreSQL only; with no PostgreSQL configured there is
// nothing to run.
describeOnPostgres(ids, 'FirstLoad.takeKeys on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
  });

  const sequence = `pg_get_serial_sequence('${FINDINGS_TABLE}', 'pk')`;

  /** Runs `test` in a transaction that is rolled back after. */
  const inRolledBack = async (
    test: (trx: Knex.Transaction) => Promise<void>,
  ) => {
    const trx = await knex.transaction();
    try {
      await test(trx);
    } finally {
      await trx.rollback();
    }
  };

  it('hands out distinct keys from the sequence, drawn a run at a time', async () => {
    await inRolledBack(async trx => {
      const load = new FirstLoad(`${FINDINGS_TABLE}_pk_seq`);
      const first = await load.takeKeys(trx, 3);
      const second = await load.takeKeys(trx, 2);
      expect(second[0]).toBe(first[2] + 1);
      const { rows } = await trx.raw(
        `select last_value from ${FINDINGS_TABLE}_pk_seq`,
      );
      // One draw covered both calls, and more.
      expect(Number(rows[0].last_value)).toBeGreaterThanOrEqual(
        first[0] + 9_999,
      );
    });
  });

  it('reads every key drawn when they are not a run', async () => {
    await inRolledBack(async trx => {
      // What another writer drawing meanwhile does: gaps in the draw.
      await trx.raw(`select setval(${sequence}, 100)`);
      await trx.raw(`alter sequence ${FINDINGS_TABLE}_pk_seq increment by 3`);
      const keys = await new FirstLoad(`${FINDINGS_TABLE}_pk_seq`).takeKeys(
        trx,
        4,
      );
      expect(keys).toEqual([103, 106, 109, 112]);
    });
  });
});
