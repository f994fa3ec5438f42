import type { Knex } from 'knex';
import {
  asffFindingFixture,
  findingsListQuerySchema,
  generateDemoFindings,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { everyPage, TEST_SCOPES } from '../../__testUtils__/everyPage';
import { textIndexBuilt } from '../../__testUtils__/textIndexBuilt';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

/** Tags and id prefixes as the catalog's annotations ask, alone and with other filters. */
const FILTERS: FindingsFilter[] = [
  { resourceTag: ['team=payments'] },
  { resourceTag: ['team=payments', 'environment=production'] },
  { resourceTag: ['app=ledger'], severity: ['HIGH', 'CRITICAL'] },
  { resourceIdPrefix: ['arn:aws:s3:::'] },
  { resourceIdPrefix: ['arn:aws:ec2:', 'arn:aws:rds:'] },
  { resourceTag: ['team=payments'], resourceIdPrefix: ['arn:aws:s3:::'] },
  {
    resourceTag: ['environment=production'],
    recordState: ['ACTIVE'],
    complianceStatus: ['FAILED'],
    workflowStatus: ['NEW', 'NOTIFIED'],
  },
  { resourceTag: ['team=nobody'] },
  // A tag with the characters AWS allows, '=' in it included.
  { resourceTag: ['cost center=a=b:c/d+e-f@g.h_ü'] },
];

/** A finding whose resource carries an unusual tag, besides the demo's. */
function oddlyTagged() {
  const finding = asffFindingFixture({ suffix: 'odd-tag' });
  finding.Resources[0].Tags = { 'cost center': 'a=b:c/d+e-f@g.h_ü' };
  return finding;
}

const SORTS = [
  { sort: 'severity', order: 'desc' },
  { sort: 'severity', order: 'asc' },
  { sort: 'updatedAt', order: 'desc' },
  { sort: 'title', order: 'asc' },
] as const;

describe.each(ids)(
  'resource tags and ids from the text index on %s',
  databaseId => {
    let knex: Knex;
    let bySql: KnexFindingsStore;
    let indexed: KnexFindingsStore;
    /** Lists at most 10 keys: other sorts' pages are found by walking their order. */
    let walking: KnexFindingsStore;
    let statements: string[] = [];

    /** Builds the index of the data as it is now. */

    const settle = () => textIndexBuilt(indexed);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migrateFindingsDatabase(knex);
      await clearFindingsDatabase(knex);
      bySql = new KnexFindingsStore({ db: knex, textIndex: false });
      indexed = new KnexFindingsStore({
        db: knex,
        textIndex: { minFindings: 0, settleMs: 0, chunkRows: 128 },
      });
      walking = new KnexFindingsStore({
        db: knex,
        textIndex: { minFindings: 0, settleMs: 0, chunkRows: 128 },
        textSearchPlan: { broadRows: 50_000, fewMatches: 10 },
      });
      await bySql.upsertBatch(
        [...generateDemoFindings({ count: 800, seed: 5 }), oddlyTagged()],
        'demo',
      );
      if (!(await settle()) || !(await textIndexBuilt(walking))) {
        throw new Error('the text index was not built');
      }
      knex.on('query', (query: { sql: string }) => statements.push(query.sql));
    });

    const cases = FILTERS.flatMap(filter =>
      TEST_SCOPES.map(
        scope =>
          [
            JSON.stringify(filter),
            JSON.stringify(scope),
            filter,
            scope,
          ] as const,
      ),
    );

    it.each(cases)(
      'answers %s under scope %s as SQL does, in every sort',
      async (_f, _s, filter, scope) => {
        const expected = await bySql.summary(filter, scope);
        for (const store of [indexed, walking]) {
          expect(await store.summary(filter, scope)).toEqual(expected);
          for (const sort of SORTS) {
            expect(
              await everyPage(store, { ...filter, ...sort }, scope),
            ).toEqual(await everyPage(bySql, { ...filter, ...sort }, scope));
          }
          const jump = findingsListQuerySchema.parse({
            ...filter,
            sort: 'updatedAt',
            offset: 14,
            limit: 7,
          });
          expect(await store.list(jump, scope)).toEqual(
            await bySql.list(jump, scope),
          );
        }
      },
    );

    /** The statements that read the resource keys' table while `view` runs. */
    const keyReadsOf = async (view: () => Promise<unknown>) => {
      statements = [];
      await view();
      return statements.filter(s =>
        /securityhub_finding_resource_keys/.test(s),
      );
    };

    /** A view's page and summary together, then its next page. */
    const viewAndNextPage = (filter: FindingsFilter) => async () => {
      const [page, summary] = await Promise.all([
        indexed.list(findingsListQuerySchema.parse(filter), undefined),
        indexed.summary(filter, undefined),
      ]);
      expect(page.totalCount).toBe(summary.total);
      await indexed.list(
        findingsListQuerySchema.parse({ ...filter, cursor: page.nextCursor }),
        undefined,
      );
    };

    it('answers tags from memory: the pages are read by their keys', async () => {
      expect(await settle()).toBe(true);
      expect(
        await keyReadsOf(
          viewAndNextPage({ resourceTag: ['environment=staging'] }),
        ),
      ).toEqual([]);
    });

    it('reads an id prefix once for a view, then answers from memory', async () => {
      expect(await settle()).toBe(true);
      const reads = await keyReadsOf(
        viewAndNextPage({
          resourceIdPrefix: ['arn:aws:rds:'],
          resourceTag: ['team=payments'],
        }),
      );
      // One read of the keys (the ids, by prefix) serves the page and the
      // summary; the next page asks nothing of it.
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatch(/^select [`"]finding_pk[`"] from/);
    });

    it('never answers from an index of older data', async () => {
      expect(await settle()).toBe(true);
      const filter = { resourceTag: ['team=fresh'] };
      expect((await indexed.summary(filter, undefined)).total).toBe(0);
      const fresh = asffFindingFixture({ suffix: 'fresh-tag' });
      fresh.Resources[0].Tags = { team: 'fresh' };
      await bySql.upsertBatch([fresh], 'demo');
      expect((await indexed.summary(filter, undefined)).total).toBe(1);
      expect(
        (await indexed.list(findingsListQuerySchema.parse(filter), undefined))
          .totalCount,
      ).toBe(1);
      expect(await settle()).toBe(true);
      expect((await indexed.summary(filter, undefined)).total).toBe(1);
    });
  },
);
