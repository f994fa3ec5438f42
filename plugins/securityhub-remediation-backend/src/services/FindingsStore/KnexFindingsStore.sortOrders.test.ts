import type { Knex } from 'knex';
import {
  FINDING_SORT_FIELDS,
  findingsListQuerySchema,
  generateDemoFindings,
  type FindingSortField,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { everyPage } from '../../__testUtils__/everyPage';
import { textIndexBuilt } from '../../__testUtils__/textIndexBuilt';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { SORT_COLUMNS } from './cursor';
import { applyFilter, applyScope, type FindingScope } from './filters';
import { CONTROL_TITLES_TABLE } from './findingCounts';
import { FINDINGS_TABLE } from './rows';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

type Order = 'asc' | 'desc';

/** Broad filters (a page is read along the sort's index on SQLite) and narrow ones. */
const FILTERS: FindingsFilter[] = [
  {},
  {
    recordState: ['ACTIVE'],
    complianceStatus: ['FAILED'],
    workflowStatus: ['NEW', 'NOTIFIED'],
  },
  { workflowStatus: ['RESOLVED'] },
  { resourceType: ['AwsS3Bucket'] },
  { accountId: ['222222222222'], severity: ['HIGH'] },
  // Bunched at one end of the severities: passed findings are informational.
  { complianceStatus: ['PASSED'] },
];

/** Page jumps: within the first severity, and across several. */
const JUMPS = [21, 400];

/** Everything, two of the demo's four accounts, all but its largest. */
const SCOPES: FindingScope[] = [
  undefined,
  { awsAccountIds: ['345678901234', '567890123456'] },
  { not: { awsAccountIds: ['210987654321'] } },
];

/** Free text, broad and narrowed. */
const TEXT_FILTERS: FindingsFilter[] = [
  { q: 'bucket' },
  { q: 'arn', recordState: ['ACTIVE'] },
];

const ORDERS = FINDING_SORT_FIELDS.flatMap(sort => [
  [sort, 'asc' as Order] as const,
  [sort, 'desc' as Order] as const,
]);

describe.each(ids)('list pages in every sort order on %s', databaseId => {
  let knex: Knex;
  /**
   * Free text found by SQL, by the text index (its page's keys listed, or
   * the page read by SQL as its counts say), by SQLite's search index first.
   */
  let stores: Record<
    'sql' | 'text index' | 'text index, page by SQL' | 'search index first',
    KnexFindingsStore
  >;
  const statements: string[] = [];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    stores = {
      sql: new KnexFindingsStore({ db: knex, textIndex: false }),
      'text index': new KnexFindingsStore({
        db: knex,
        textIndex: { minFindings: 0, settleMs: 0, chunkRows: 256 },
      }),
      'text index, page by SQL': new KnexFindingsStore({
        db: knex,
        textIndex: { minFindings: 0, settleMs: 0, chunkRows: 256 },
        textSearchPlan: { broadRows: 50_000, fewMatches: 10 },
      }),
      'search index first': new KnexFindingsStore({
        db: knex,
        textIndex: false,
        textSearchPlan: { broadRows: 10, fewMatches: 1_000 },
      }),
    };
    await stores.sql.upsertBatch(
      generateDemoFindings({ count: 1_000, seed: 11 }),
      'demo',
    );
    for (const store of [
      stores['text index'],
      stores['text index, page by SQL'],
    ]) {
      if (!(await textIndexBuilt(store))) {
        throw new Error('the text index was not built');
      }
    }
    knex.on('query', ({ sql }: { sql: string }) => statements.push(sql));
  });

  /** The order SQL gives the whole filtered set: sort column, then key. */
  async function expectedIds(
    filter: FindingsFilter,
    scope: FindingScope,
    sort: FindingSortField,
    order: Order,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await applyScope(
      applyFilter(knex(FINDINGS_TABLE), filter),
      scope,
    )
      .select('id')
      .orderBy(SORT_COLUMNS[sort], order)
      .orderBy('pk', order);
    return rows.map(r => r.id);
  }

  /**
   * Every page by cursor, their totals and a page jump, per scope, as listed
   * (`actual`) and as the rows in SQL order give them (`expected`).
   */
  async function listings(
    store: KnexFindingsStore,
    filter: FindingsFilter,
    sort: FindingSortField,
    order: Order,
    scopes: FindingScope[] = SCOPES,
  ) {
    const actual = [];
    const expected = [];
    for (const scope of scopes) {
      const ordered = await expectedIds(filter, scope, sort, order);
      const { pages, totals } = await everyPage(
        store,
        { ...filter, sort, order },
        scope,
      );
      const jumped = [];
      for (const offset of JUMPS) {
        const page = await store.list(
          findingsListQuerySchema.parse({
            ...filter,
            sort,
            order,
            limit: 7,
            offset,
          }),
          scope,
        );
        jumped.push(page.items.map(f => f.id));
      }
      actual.push({
        ids: pages.flat(),
        totals: [...new Set(totals)],
        jumped,
      });
      expected.push({
        ids: ordered,
        totals: [ordered.length],
        jumped: JUMPS.map(offset => ordered.slice(offset, offset + 7)),
      });
    }
    return { actual, expected };
  }

  it.each(ORDERS)(
    'by %s %s: the pages, by cursor and by offset, are the rows in SQL order',
    async (sort, order) => {
      for (const filter of FILTERS) {
        const { actual, expected } = await listings(
          stores.sql,
          filter,
          sort,
          order,
        );
        expect(actual).toEqual(expected);
      }
    },
  );

  it.each(ORDERS)(
    'by %s %s with free text, however it is found',
    async (sort, order) => {
      for (const store of Object.values(stores)) {
        for (const filter of TEXT_FILTERS) {
          const { actual, expected } = await listings(
            store,
            filter,
            sort,
            order,
            [undefined, SCOPES[1]],
          );
          expect(actual).toEqual(expected);
        }
      }
    },
  );

  it('reads broad filters along the sort index on SQLite', async () => {
    const walked = async (store: KnexFindingsStore, filter: FindingsFilter) => {
      statements.length = 0;
      await store.list(
        findingsListQuerySchema.parse({ ...filter, sort: 'title', limit: 7 }),
        undefined,
      );
      return statements.some(sql =>
        /indexed by [`"]?securityhub_findings_title_idx/i.test(sql),
      );
    };
    const sqlite = knex.client.dialect !== 'postgresql';
    expect(await walked(stores.sql, FILTERS[1])).toBe(sqlite);
    expect(await walked(stores['text index'], TEXT_FILTERS[1])).toBe(sqlite);
    // A narrow filter: its matches are sorted.
    expect(await walked(stores.sql, FILTERS[4])).toBe(false);
  });

  it('reads a severity order one severity at a time, skipping those without matches', async () => {
    const runReads = () =>
      statements.filter(sql => /severity_rank. = (\?|\$\d+)/.test(sql));
    const passed = {
      complianceStatus: ['PASSED'],
      sort: 'severity',
      limit: 7,
    };
    statements.length = 0;
    const page = await stores.sql.list(
      findingsListQuerySchema.parse(passed),
      undefined,
    );
    expect(page.items.map(f => f.severity)).toEqual(
      Array(7).fill('INFORMATIONAL'),
    );
    // Passed findings are all informational: the other severities are not read.
    expect(runReads()).toHaveLength(1);
    expect(
      /indexed by [`"]?securityhub_findings_severity_idx/i.test(runReads()[0]),
    ).toBe(knex.client.dialect !== 'postgresql');
    // The next page continues the run after the cursor's key.
    statements.length = 0;
    await stores.sql.list(
      findingsListQuerySchema.parse({ ...passed, cursor: page.nextCursor }),
      undefined,
    );
    expect(runReads()).toHaveLength(1);
    expect(runReads()[0]).toMatch(/pk. < (\?|\$\d+)/);
  });

  it('finds the matches of a scope that lists accounts through the account index on SQLite', async () => {
    const { aws_account_id: account } = await knex(FINDINGS_TABLE).first(
      'aws_account_id',
    );
    statements.length = 0;
    await stores.sql.list(
      findingsListQuerySchema.parse({ sort: 'updatedAt' }),
      { awsAccountIds: [account] },
    );
    const read = statements.find(sql => /order by/i.test(sql));
    expect(
      /indexed by [`"]?securityhub_findings_account_idx/i.test(read!),
    ).toBe(knex.client.dialect !== 'postgresql');
  });

  it('walks a list by title from the lowest title its controls have carried', async () => {
    statements.length = 0;
    await stores.sql.list(
      findingsListQuerySchema.parse({
        resourceType: ['AwsS3Bucket'],
        sort: 'title',
        limit: 7,
      }),
      undefined,
    );
    const read = statements.find(sql => /title. between/i.test(sql));
    expect(read).toBeDefined();
    expect(/indexed by [`"]?securityhub_findings_title_idx/i.test(read!)).toBe(
      knex.client.dialect !== 'postgresql',
    );
  });

  it('walks a search by title from the lowest title of the controls its matches belong to', async () => {
    statements.length = 0;
    const page = await stores['text index'].list(
      findingsListQuerySchema.parse({
        q: 'bucket',
        resourceType: ['AwsS3Bucket'],
        sort: 'title',
        limit: 7,
      }),
      undefined,
    );
    expect(page.items).toHaveLength(7);
    expect(statements.some(sql => /title. between/i.test(sql))).toBe(true);
  });

  it('reads the few keys a search found by key, not through an index of its other filters, on SQLite', async () => {
    statements.length = 0;
    const page = await stores['text index'].list(
      findingsListQuerySchema.parse({
        q: 'arn',
        complianceStatus: ['FAILED'],
        accountId: ['345678901234'],
        sort: 'updatedAt',
        limit: 7,
      }),
      undefined,
    );
    expect(page.items.length).toBeGreaterThan(0);
    const read = statements.find(sql => /order by/i.test(sql));
    expect(/not indexed/i.test(read!)).toBe(
      knex.client.dialect !== 'postgresql',
    );
  });

  it("reads a search with few matches by control run by run, from the text index's counts", async () => {
    const runReads = async (q: string) => {
      statements.length = 0;
      const page = await stores['text index, page by SQL'].list(
        findingsListQuerySchema.parse({ q, sort: 'controlId', limit: 7 }),
        undefined,
      );
      expect(page.items).toHaveLength(7);
      return statements.filter(
        sql => /control_id. (=|in)/i.test(sql) && /like/i.test(sql),
      );
    };
    // 45 of 1,000 findings: run by run.
    expect(await runReads('cloudtrail')).not.toHaveLength(0);
    // 160 of 1,000: along the order, as the planner reads it.
    expect(await runReads('bucket')).toHaveLength(0);
  });

  // Renames a finding: keep it last.
  it('keeps the lowest title as titles change, so the walk still starts before every match', async () => {
    const renamed = await knex(FINDINGS_TABLE)
      .where({ resource_type: 'AwsS3Bucket' })
      .first('pk', 'control_id');
    await knex(FINDINGS_TABLE)
      .where({ pk: renamed.pk })
      .update({ title: 'A title of its own' });
    const range = await knex(CONTROL_TITLES_TABLE)
      .where({ control_id: renamed.control_id })
      .first();
    expect(range.lowest_title).toBe('A title of its own');
    for (const order of ['asc', 'desc'] as const) {
      const { actual, expected } = await listings(
        stores.sql,
        { resourceType: ['AwsS3Bucket'] },
        'title',
        order,
      );
      expect(actual).toEqual(expected);
    }
  });
});
