import type { Knex } from 'knex';
import {
  FACET_DIMENSIONS,
  generateDemoFindings,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { applyFilter, applyScope, type FindingScope } from './filters';
import { FACET_COLUMN, withoutFilterOn } from './facets';
import { FINDINGS_TABLE } from './rows';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

const FILTERS: FindingsFilter[] = [
  {},
  { severity: ['HIGH'] },
  { severity: ['HIGH', 'CRITICAL'], accountId: ['222222222222'] },
  { controlId: ['S3.5'], complianceStatus: ['FAILED'] },
  {
    workflowStatus: ['NEW'],
    recordState: ['ACTIVE'],
    region: ['eu-west-1'],
    resourceType: ['AwsS3Bucket'],
  },
  // Free text: answered by scanning the findings, not the counts in memory.
  { q: 'bucket' },
  { q: 'bucket', severity: ['MEDIUM'], complianceStatus: ['FAILED'] },
];

const SCOPES: FindingScope[] = [
  undefined,
  { awsAccountIds: ['111111111111'] },
  { not: { awsAccountIds: ['333333333333'] } },
];

describe.each(ids)('facet counts on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
    await store.upsertBatch(
      [...dataset(), ...generateDemoFindings({ count: 200, seed: 3 })],
      'demo',
    );
  });

  /** The oracle: a GROUP BY of the findings the filter without `dimension` selects. */
  async function groupedCounts(
    filter: FindingsFilter,
    scope: FindingScope,
    dimension: (typeof FACET_DIMENSIONS)[number],
  ): Promise<Record<string, number>> {
    const column = `${FINDINGS_TABLE}.${FACET_COLUMN[dimension]}`;
    const rows: Array<{ value: string | null; n: number | string }> =
      await applyScope(
        applyFilter(knex(FINDINGS_TABLE), withoutFilterOn(filter, dimension)),
        scope,
      )
        .select({ value: column })
        .count({ n: '*' })
        .groupBy(column);
    const counts: Record<string, number> = {};
    for (const { value, n } of rows) {
      if (dimension === 'complianceStatus') counts[value || 'NONE'] = Number(n);
      else if (value) counts[value] = Number(n);
    }
    return counts;
  }

  it.each(FILTERS.map(f => [JSON.stringify(f), f] as const))(
    'count each value with its own dimension unfiltered: %s',
    async (_, filter) => {
      for (const scope of SCOPES) {
        const { facets } = await store.summary(filter, scope);
        for (const dimension of FACET_DIMENSIONS) {
          expect({ scope, dimension, counts: facets[dimension] }).toEqual({
            scope,
            dimension,
            counts: await groupedCounts(filter, scope, dimension),
          });
        }
      }
    },
  );

  it('keep the counts of the other severities when one is selected', async () => {
    const all = await store.summary({}, undefined);
    const high = await store.summary({ severity: ['HIGH'] }, undefined);
    expect(all.bySeverity.CRITICAL).toBeGreaterThan(0);
    expect(high.bySeverity.CRITICAL).toBe(0);
    expect(high.facets.severity).toEqual(
      Object.fromEntries(
        Object.entries(all.bySeverity).filter(([, n]) => n > 0),
      ),
    );
    // Another dimension's facet does follow the severity filter.
    expect(high.facets.accountId).toEqual(
      Object.fromEntries(high.byAccount.map(b => [b.key, b.total])),
    );
  });
});
