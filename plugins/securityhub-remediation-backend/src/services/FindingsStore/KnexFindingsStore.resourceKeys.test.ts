import type { Knex } from 'knex';
import {
  asffFindingFixture,
  prepareFinding,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { RESOURCE_KEYS_TABLE, applyResourceFilter } from './resourceKeys';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

/** A finding whose one resource has the given id and tags. */
function withResource(
  suffix: string,
  id: string,
  tags?: Record<string, string>,
  updatedAt = '2026-11-01T00:00:00.000Z',
): AsffFinding {
  const finding = asffFindingFixture({ suffix, updatedAt });
  return {
    ...finding,
    Resources: [
      {
        ...finding.Resources[0],
        Id: id,
        ...(tags ? { Tags: tags } : {}),
      },
    ],
  };
}

const LEDGER_BUCKET = withResource('ledger', 'arn:aws:s3:::payments-ledger-1', {
  team: 'payments',
  app: 'ledger',
});
const CARDS_BUCKET = withResource('cards', 'arn:aws:s3:::payments-cards', {
  team: 'payments',
  app: 'cards',
});
const UNTAGGED = withResource('untagged', 'arn:aws:s3:::marketing-site');
// A tag value with the characters AWS allows, '=' in it included.
const ODD_TAG = withResource('odd', 'arn:aws:s3:::odd', {
  'cost center': 'a=b:c/d+e-f@g.h_ü',
});

describe.each(ids)('KnexFindingsStore resource matching on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  const titlesOf = async (filter: Record<string, string[]>) => {
    const page = await store.list(
      { sort: 'title', order: 'asc', limit: 50, ...filter },
      undefined,
    );
    const summary = await store.summary(filter, undefined);
    expect(summary.total).toBe(page.totalCount);
    return page.items.map(f => f.id.split('/').pop()).sort();
  };
  const suffixes = (...findings: AsffFinding[]) =>
    findings.map(f => f.Id.split('/').pop()).sort();

  it('matches findings by every tag given and by any id prefix', async () => {
    await store.upsertBatch(
      [LEDGER_BUCKET, CARDS_BUCKET, UNTAGGED, ODD_TAG],
      'demo',
    );

    expect(await titlesOf({ resourceTag: ['team=payments'] })).toEqual(
      suffixes(LEDGER_BUCKET, CARDS_BUCKET),
    );
    expect(
      await titlesOf({ resourceTag: ['team=payments', 'app=ledger'] }),
    ).toEqual(suffixes(LEDGER_BUCKET));
    expect(await titlesOf({ resourceTag: ['team=marketing'] })).toEqual([]);
    expect(
      await titlesOf({ resourceTag: ['cost center=a=b:c/d+e-f@g.h_ü'] }),
    ).toEqual(suffixes(ODD_TAG));

    expect(
      await titlesOf({ resourceIdPrefix: ['arn:aws:s3:::payments-'] }),
    ).toEqual(suffixes(LEDGER_BUCKET, CARDS_BUCKET));
    expect(
      await titlesOf({
        resourceIdPrefix: ['arn:aws:s3:::payments-l', 'arn:aws:s3:::market'],
      }),
    ).toEqual(suffixes(LEDGER_BUCKET, UNTAGGED));
    // A prefix is literal: LIKE wildcards and case do not widen it.
    expect(await titlesOf({ resourceIdPrefix: ['arn:aws:s3:::%'] })).toEqual(
      [],
    );
    expect(await titlesOf({ resourceIdPrefix: ['ARN:AWS:S3:::'] })).toEqual([]);
    // With the other filters.
    expect(
      await titlesOf({
        resourceTag: ['team=payments'],
        resourceIdPrefix: ['arn:aws:s3:::payments-c'],
      }),
    ).toEqual(suffixes(CARDS_BUCKET));
  });

  it('follows a finding whose resources change, and forgets a deleted one', async () => {
    await store.upsertBatch([LEDGER_BUCKET], 'demo');
    const retagged = withResource(
      'ledger',
      'arn:aws:s3:::payments-ledger-1',
      { team: 'treasury' },
      '2026-11-02T00:00:00.000Z',
    );
    await store.upsertBatch([retagged], 'demo');

    expect(await titlesOf({ resourceTag: ['team=payments'] })).toEqual([]);
    expect(await titlesOf({ resourceTag: ['team=treasury'] })).toEqual(
      suffixes(retagged),
    );
    const rows = await knex(RESOURCE_KEYS_TABLE).select('kind', 'value');
    expect(rows.sort((a, b) => a.value.localeCompare(b.value))).toEqual([
      { kind: 'id', value: 'arn:aws:s3:::payments-ledger-1' },
      { kind: 'tag', value: 'team=treasury' },
    ]);

    await clearFindingsDatabase(knex);
    expect(await knex(RESOURCE_KEYS_TABLE).select()).toEqual([]);
  });

  it('fills the keys of a first load, later versions included', async () => {
    const retagged = withResource(
      'cards',
      'arn:aws:s3:::payments-cards',
      { team: 'treasury' },
      '2026-11-03T00:00:00.000Z',
    );
    await store.bulkLoad(async writer => {
      await writer.upsertPrepared(
        [LEDGER_BUCKET, CARDS_BUCKET, UNTAGGED].map(prepareFinding),
        'demo',
      );
      await writer.upsertPrepared([retagged].map(prepareFinding), 'demo');
    });

    expect(await titlesOf({ resourceTag: ['team=payments'] })).toEqual(
      suffixes(LEDGER_BUCKET),
    );
    expect(await titlesOf({ resourceTag: ['team=treasury'] })).toEqual(
      suffixes(retagged),
    );
    expect(
      await titlesOf({ resourceIdPrefix: ['arn:aws:s3:::'] }),
    ).toHaveLength(3);

    // The keys are kept by triggers again after the load.
    await store.upsertBatch([ODD_TAG], 'demo');
    expect(await titlesOf({ resourceIdPrefix: ['arn:aws:s3:::odd'] })).toEqual(
      suffixes(ODD_TAG),
    );
    // On PostgreSQL the load deferred the keys' indexes; they are back.
    const indexes =
      knex.client.dialect === 'postgresql'
        ? (
            await knex.raw(
              `select indexname as name from pg_indexes where tablename = ?`,
              [RESOURCE_KEYS_TABLE],
            )
          ).rows
        : await knex.raw(
            `select name from sqlite_master where type = 'index' and tbl_name = ?`,
            [RESOURCE_KEYS_TABLE],
          );
    expect(indexes.map((r: { name: string }) => r.name).sort()).toEqual([
      `${RESOURCE_KEYS_TABLE}_finding_idx`,
      `${RESOURCE_KEYS_TABLE}_value_idx`,
    ]);
  });

  it('finds tags and prefixes through the keys index', async () => {
    const query = applyResourceFilter(knex('securityhub_findings'), {
      resourceTag: ['team=payments'],
      resourceIdPrefix: ['arn:aws:s3:::payments-'],
    }).select('pk');
    const { sql, bindings } = query.toSQL();
    const plan =
      knex.client.dialect === 'postgresql'
        ? await knex.transaction(async trx => {
            // The tables are tiny: without this a scan is cheaper.
            await trx.raw('set local enable_seqscan = off');
            const { rows } = await trx.raw(`explain ${sql}`, [...bindings]);
            return rows
              .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
              .join('\n');
          })
        : (await knex.raw(`explain query plan ${sql}`, [...bindings]))
            .map((r: { detail: string }) => r.detail)
            .join('\n');
    expect(plan).toContain(`${RESOURCE_KEYS_TABLE}_value_idx`);
  });
});
