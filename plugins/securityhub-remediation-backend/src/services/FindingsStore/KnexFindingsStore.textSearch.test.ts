import type { Knex } from 'knex';
import {
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

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const QUERIES: FindingsFilter[] = [
  { q: 'ledger-7' },
  { q: 'ledger' },
  { q: 'high risk' },
  { q: 'SG-00000004' },
  { q: 'nothing-matches' },
  { q: 'ledger-7', accountId: ['222222222222'] },
  { q: 'ledger-1', complianceStatus: ['FAILED'], severity: ['HIGH', 'LOW'] },
];

describe.each(ids)('KnexFindingsStore free text on %s', databaseId => {
  let knex: Knex;
  /** The plans SQLite picks by itself, the other filters first. */
  let byRows: KnexFindingsStore;
  /** The search index first for every term with up to 20 matches. */
  let indexFirst: KnexFindingsStore;
  let statements: string[] = [];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    byRows = new KnexFindingsStore(knex);
    indexFirst = new KnexFindingsStore({
      db: knex,
      textSearchPlan: { broadRows: 0, fewMatches: 20 },
    });
    await byRows.upsertBatch(dataset(), 'demo');
    knex.on('query', (query: { sql: string }) => statements.push(query.sql));
  });

  const cases = QUERIES.flatMap(filter =>
    TEST_SCOPES.map(
      scope =>
        [JSON.stringify(filter), JSON.stringify(scope), filter, scope] as const,
    ),
  );

  it.each(cases)(
    'answers %s under scope %s the same either way',
    async (_f, _s, filter, scope) => {
      const expected = await everyPage(byRows, filter, scope);
      expect(await everyPage(indexFirst, filter, scope)).toEqual(expected);
      expect(await indexFirst.summary(filter, scope)).toEqual(
        await byRows.summary(filter, scope),
      );
    },
  );

  /** The statements a page takes, and the one that reads it (it is sorted). */
  const listing = async (store: KnexFindingsStore, filter: FindingsFilter) => {
    statements = [];
    await store.list(findingsListQuerySchema.parse(filter), undefined);
    return {
      searchIndexRead: statements.some(s => /indexed by/i.test(s)),
      // A list of keys, not the page's keys read first (SQLite's sorts).
      byKeys: /pk[`"]? in \((?!select)/i.test(
        statements.find(s => /order by/i.test(s)) ?? '',
      ),
    };
  };

  it('finds few matches through the search index first, under broad filters only', async () => {
    const sqlite = knex.client.dialect !== 'postgresql';
    // What the answers are compared on: few matches, and many.
    expect(
      (await everyPage(byRows, { q: 'ledger-7' }, undefined)).totals[0],
    ).toBe(9);
    expect(
      (await everyPage(byRows, { q: 'ledger' }, undefined)).totals[0],
    ).toBe(90);
    const first = { searchIndexRead: sqlite, byKeys: sqlite };
    const planned = { searchIndexRead: false, byKeys: false };
    expect(await listing(indexFirst, { q: 'ledger-7' })).toEqual(first);
    // 90 matches: the index is read up to 21 of them; a page in sort order
    // then fills at once.
    expect(await listing(indexFirst, { q: 'ledger' })).toEqual({
      searchIndexRead: sqlite,
      byKeys: false,
    });
    // The other filters match fewer than `broadRows`: their index first.
    const narrow = new KnexFindingsStore({
      db: knex,
      textSearchPlan: { broadRows: 50, fewMatches: 20 },
    });
    expect(
      await listing(narrow, { q: 'ledger-7', accountId: ['222222222222'] }),
    ).toEqual(planned);
    expect(await listing(narrow, { q: 'ledger-7' })).toEqual(first);
  });
});
