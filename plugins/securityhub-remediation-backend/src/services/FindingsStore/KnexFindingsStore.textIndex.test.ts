import type { Knex } from 'knex';
import {
  asffFindingFixture,
  findingsListQuerySchema,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { everyPage, TEST_SCOPES } from '../../__testUtils__/everyPage';
import { textIndexBuilt } from '../../__testUtils__/textIndexBuilt';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

/** Terms that match through each field of the search text, and none. */
const QUERIES: FindingsFilter[] = [
  { q: 'ledger-7' }, // resource ids
  { q: 'LEDGER' }, // any case
  { q: 'high risk' }, // title words, both needed
  { q: 'ec2.1' }, // control
  { q: '2222' }, // account
  { q: 'west' }, // region
  { q: 'west ledger-1' }, // two fields
  { q: 's3:::' },
  { q: '%' }, // LIKE wildcards are text
  { q: '_' },
  { q: 'ports us-east-1' },
  { q: 'nothing-matches' },
  { q: 'ledger', accountId: ['222222222222'] },
  { q: 'ledger-1', complianceStatus: ['FAILED'], severity: ['HIGH', 'LOW'] },
  { q: 'a', workflowStatus: ['SUPPRESSED'], region: ['eu-west-1'] },
];

const SORTS = [
  { sort: 'severity', order: 'desc' },
  { sort: 'severity', order: 'asc' },
  { sort: 'title', order: 'asc' },
  { sort: 'updatedAt', order: 'desc' },
] as const;

describe.each(ids)('KnexFindingsStore text index on %s', databaseId => {
  let knex: Knex;
  let bySql: KnexFindingsStore;
  let indexed: KnexFindingsStore;
  let statements: string[] = [];

  /** Builds the index of the data as it is now. */
  const settle = async () => {
    expect(await textIndexBuilt(indexed)).toBe(true);
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    bySql = new KnexFindingsStore({ db: knex, textIndex: false });
    indexed = new KnexFindingsStore({
      db: knex,
      textIndex: { minFindings: 0, settleMs: 0, chunkRows: 16 },
    });
    await bySql.upsertBatch(dataset(), 'demo');
    await settle();
    knex.on('query', (query: { sql: string }) => statements.push(query.sql));
  });

  const cases = QUERIES.flatMap(filter =>
    TEST_SCOPES.map(
      scope =>
        [JSON.stringify(filter), JSON.stringify(scope), filter, scope] as const,
    ),
  );

  it.each(cases)(
    'answers %s under scope %s as SQL does, in every sort',
    async (_f, _s, filter, scope) => {
      statements = [];
      expect(await indexed.summary(filter, scope)).toEqual(
        await bySql.summary(filter, scope),
      );
      for (const sort of SORTS) {
        expect(await everyPage(indexed, { ...filter, ...sort }, scope)).toEqual(
          await everyPage(bySql, { ...filter, ...sort }, scope),
        );
      }
    },
  );

  it('answers from memory: no statement matches text', async () => {
    await settle();
    statements = [];
    await indexed.summary({ q: 'ledger' }, undefined);
    await indexed.list(
      findingsListQuerySchema.parse({ q: 'ledger' }),
      undefined,
    );
    expect(statements.filter(s => /like/i.test(s))).toEqual([]);
    // The page is read by its keys only.
    expect(statements.some(s => /pk[`"]? in \(/i.test(s))).toBe(true);
  });

  it('jumps to a page by offset as SQL does', async () => {
    for (const offset of [0, 7, 35, 84, 200]) {
      const query = findingsListQuerySchema.parse({
        q: 'ledger',
        offset,
        limit: 7,
      });
      const [fromIndex, fromSql] = await Promise.all([
        indexed.list(query, undefined),
        bySql.list(query, undefined),
      ]);
      expect(fromIndex).toEqual(fromSql);
    }
  });

  it('never answers from an index of older data', async () => {
    await settle();
    const before = (await indexed.summary({ q: 'fresh-bucket' }, undefined))
      .total;
    await bySql.upsertBatch(
      [
        asffFindingFixture({
          accountId: '111111111111',
          resourceId: 'arn:aws:s3:::fresh-bucket',
          suffix: 'fresh',
        }),
      ],
      'demo',
    );
    statements = [];
    expect(
      (await indexed.summary({ q: 'fresh-bucket' }, undefined)).total,
    ).toBe(before + 1);
    const page = await indexed.list(
      findingsListQuerySchema.parse({ q: 'fresh-bucket' }),
      undefined,
    );
    expect(page.totalCount).toBe(before + 1);
    // Answered by SQL until the index of the new data is built.
    expect(statements.some(s => /like/i.test(s))).toBe(true);
    await settle();
    statements = [];
    expect(
      (await indexed.summary({ q: 'fresh-bucket' }, undefined)).total,
    ).toBe(before + 1);
    expect(statements.filter(s => /like/i.test(s))).toEqual([]);
  });
});
