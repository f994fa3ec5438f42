import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  asffFindingFixture,
  prepareFinding,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsBatch,
  FindingsSource,
} from '@internal/plugin-securityhub-remediation-node';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
  MIGRATIONS_DIR,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../FindingsStore';
import { FindingsSyncService } from '../FindingsSync';
import { FindingsTrendsService } from './FindingsTrendsService';
import { DAILY_COUNTS_TABLE, TREND_DAYS_TABLE } from './trendTables';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

const MIGRATION = '20261207000000_daily_finding_counts.js';

/** A source that yields the same findings on every run. */
function staticSource(findings: AsffFinding[]): FindingsSource {
  return {
    id: 'static',
    kind: 'securityhub',
    target: '111122223333/us-east-1',
    async *read(): AsyncIterable<FindingsBatch> {
      yield { origin: 'page 1', findings: findings.map(prepareFinding) };
    },
  };
}

/** The primary key's columns in key order. */
async function primaryKeyOf(knex: Knex, table: string): Promise<string[]> {
  if (knex.client.dialect === 'postgresql') {
    const { rows } = await knex.raw(
      `select a.attname as name
         from pg_index i
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ?::regclass and i.indisprimary
        order by array_position(i.indkey, a.attnum)`,
      [table],
    );
    return rows.map((r: { name: string }) => r.name);
  }
  const columns: Array<{ name: string; pk: number }> = await knex.raw(
    `pragma table_info(${table})`,
  );
  return columns
    .filter(c => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map(c => c.name);
}

describe.each(ids)('daily finding counts on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
  });

  it('migrates down and up again', async () => {
    await knex.migrate.down({ directory: MIGRATIONS_DIR, name: MIGRATION });
    expect(await knex.schema.hasTable(DAILY_COUNTS_TABLE)).toBe(false);
    expect(await knex.schema.hasTable(TREND_DAYS_TABLE)).toBe(false);
    await knex.migrate.up({ directory: MIGRATIONS_DIR, name: MIGRATION });
    expect(await knex.schema.hasTable(DAILY_COUNTS_TABLE)).toBe(true);
    // One row per day, account and severity: the table's key, as the
    // database declares it.
    expect(await primaryKeyOf(knex, DAILY_COUNTS_TABLE)).toEqual([
      'day',
      'aws_account_id',
      'severity',
    ]);
  });

  it('is recorded by a sync run that wrote findings', async () => {
    const store = new KnexFindingsStore(knex);
    const trends = new FindingsTrendsService({
      db: knex,
      store,
      logger: mockServices.logger.mock(),
      now: () => new Date('2026-12-04T12:00:00.000Z'),
    });
    const createdAt = '2026-12-04T08:00:00.000Z';
    const sync = new FindingsSyncService({
      store,
      sources: [
        staticSource([
          {
            ...asffFindingFixture({ severity: 'HIGH', suffix: 'synced' }),
            CreatedAt: createdAt,
            UpdatedAt: createdAt,
            FirstObservedAt: createdAt,
          },
        ]),
      ],
      logger: mockServices.logger.mock(),
      afterRun: results => trends.afterSync(results),
    });

    await sync.syncAll();

    const result = await trends.trends({ days: 1 }, undefined);
    expect(result.days).toEqual([
      expect.objectContaining({
        date: '2026-12-04',
        open: expect.objectContaining({ HIGH: 1 }),
        new: 1,
      }),
    ]);
    // The first record back-filled the days before.
    expect(
      await knex(TREND_DAYS_TABLE).where('reconstructed', true),
    ).toHaveLength(90);
  });
});
