import type { Knex } from 'knex';
import {
  DEMO_ACCOUNTS,
  generateDemoFindings,
  type FindingSortField,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { everyPage } from '../../__testUtils__/everyPage';
import { expectSummariesMatchScan } from '../../__testUtils__/summariesMatchScan';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { SORT_COLUMNS } from './cursor';
import { applyFilter, applyScope, type FindingScope } from './filters';
import { CountsCube } from './countsCube';
import { DIM } from './countsTable';
import { planSelection } from './countsSelection';
import { FINDINGS_TABLE } from './rows';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

/** Twenty-four accounts shaped after the demo's. */
const ACCOUNTS = Array.from({ length: 24 }, (_, k) => ({
  ...DEMO_ACCOUNTS[k % DEMO_ACCOUNTS.length],
  id: String(100_000_000_000 + k),
  name: `workload-${k}`,
}));
const [FIRST, SECOND, THIRD] = ACCOUNTS.map(a => a.id);

/** Scopes that leave out a few accounts of many (counted as all less those). */
const LEAVING_OUT: FindingScope[] = [
  { not: { awsAccountIds: [FIRST] } },
  { not: { awsAccountIds: [FIRST, SECOND, THIRD] } },
  { anyOf: [{ not: { awsAccountIds: [SECOND] } }, { awsAccountIds: [] }] },
];

const FILTERS: FindingsFilter[] = [
  {},
  {
    recordState: ['ACTIVE'],
    complianceStatus: ['FAILED'],
    workflowStatus: ['NEW', 'NOTIFIED'],
  },
  { resourceType: ['AwsS3Bucket'], severity: ['HIGH', 'CRITICAL'] },
  { controlId: ['S3.5', 'EC2.2'] },
  // The filter's accounts with the scope: one of them is left out.
  { accountId: [FIRST, SECOND, THIRD, ACCOUNTS[5].id] },
];

const SORTS: FindingSortField[] = ['controlId', 'title', 'severity'];

describe.each(ids)(
  'a scope that leaves out a few accounts on %s',
  databaseId => {
    let knex: Knex;
    let store: KnexFindingsStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migrateFindingsDatabase(knex);
      await clearFindingsDatabase(knex);
      store = new KnexFindingsStore({ db: knex, textIndex: false });
      await store.upsertBatch(
        generateDemoFindings({ count: 1_500, seed: 5, accounts: ACCOUNTS }),
        'demo',
      );
    });

    it('is counted as every account less those left out, and one account directly', async () => {
      const cube = await CountsCube.load(knex);
      const leftOut = cube.masks({}, LEAVING_OUT[0]);
      expect(
        planSelection(cube, [DIM.control_id], leftOut).map(p => p.sign),
      ).toEqual([1, -1]);
      const one = cube.masks({}, { awsAccountIds: [FIRST] });
      expect(
        planSelection(cube, [DIM.control_id], one).map(p => p.sign),
      ).toEqual([1]);
    });

    it('summarizes and totals as a scan of the findings in scope does', async () => {
      expect.hasAssertions();
      await expectSummariesMatchScan(knex, store, LEAVING_OUT, FILTERS);
    });

    it('lists pages in the sort orders read run by run from the counts', async () => {
      for (const scope of LEAVING_OUT.slice(0, 2)) {
        for (const filter of FILTERS.slice(0, 3)) {
          for (const sort of SORTS) {
            const rows: Array<{ id: string }> = await applyScope(
              applyFilter(knex(FINDINGS_TABLE), filter),
              scope,
            )
              .select('id')
              .orderBy(SORT_COLUMNS[sort], 'asc')
              .orderBy('pk', 'asc');
            const { pages, totals } = await everyPage(
              store,
              { ...filter, sort, order: 'asc' },
              scope,
            );
            expect({ scope, filter, sort, ids: pages.flat(), totals }).toEqual({
              scope,
              filter,
              sort,
              ids: rows.map(r => r.id),
              totals: totals.map(() => rows.length),
            });
          }
        }
      }
    });
  },
);
