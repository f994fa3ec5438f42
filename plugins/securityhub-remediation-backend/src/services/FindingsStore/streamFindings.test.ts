import type { Knex } from 'knex';
import {
  FINDING_SORT_FIELDS,
  findingsListQuerySchema,
  type Finding,
  type FindingSortField,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import type { FindingScope } from './filters';
import type { FindingsStreamQuery } from './streamFindings';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const SCOPE_ONE_ACCOUNT: FindingScope = { awsAccountIds: ['222222222222'] };

describe.each(ids)('streamFindings on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
    // Two writes: the second batch is seen later, so first_seen_at varies.
    const findings = dataset();
    await store.upsertBatch(findings.slice(0, 60), 'demo', new Date(1e12));
    await store.upsertBatch(findings.slice(60), 'demo', new Date(2e12));
  });

  async function collect(
    query: FindingsStreamQuery,
    scope: FindingScope,
    batchSize: number,
  ): Promise<Finding[][]> {
    const batches: Finding[][] = [];
    for await (const batch of store.streamFindings(query, scope, batchSize)) {
      batches.push(batch);
    }
    return batches;
  }

  /** Every page of the list, followed by its cursors. */
  async function listAll(
    input: Record<string, unknown>,
    scope: FindingScope,
  ): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(
        findingsListQuerySchema.parse({ ...input, limit: 13, cursor }),
        scope,
      );
      found.push(...page.items.map(f => f.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return found;
  }

  const sorts = FINDING_SORT_FIELDS.flatMap(sort =>
    (['asc', 'desc'] as const).map(order => [sort, order] as const),
  );

  it.each(sorts)(
    'streams every finding in the list order by %s %s, in bounded batches',
    async (sort: FindingSortField, order) => {
      const batches = await collect({ sort, order }, undefined, 7);
      const streamed = batches.flat().map(f => f.id);
      expect(streamed).toHaveLength(120);
      expect(new Set(streamed).size).toBe(120);
      expect(streamed).toEqual(await listAll({ sort, order }, undefined));
      expect(batches).toHaveLength(Math.ceil(120 / 7));
      expect(batches.every(b => b.length <= 7)).toBe(true);
    },
  );

  it('applies the filter and the scope', async () => {
    const query = {
      severity: ['HIGH', 'CRITICAL'],
      complianceStatus: ['FAILED'],
      sort: 'updatedAt',
      order: 'desc',
    } as const;
    const streamed = (
      await collect(
        {
          ...query,
          severity: [...query.severity],
          complianceStatus: [...query.complianceStatus],
        },
        SCOPE_ONE_ACCOUNT,
        4,
      )
    ).flat();
    expect(streamed.length).toBeGreaterThan(0);
    for (const finding of streamed) {
      expect(finding.awsAccountId).toBe('222222222222');
      expect(['HIGH', 'CRITICAL']).toContain(finding.severity);
      expect(finding.complianceStatus).toBe('FAILED');
    }
    expect(streamed.map(f => f.id)).toEqual(
      await listAll(query, SCOPE_ONE_ACCOUNT),
    );
  });

  it('matches free text as the list does', async () => {
    const streamed = (
      await collect({ q: 'sg-', sort: 'title', order: 'asc' }, undefined, 5)
    ).flat();
    expect(streamed).toHaveLength(30);
    expect(streamed.map(f => f.id)).toEqual(
      await listAll({ q: 'sg-', sort: 'title', order: 'asc' }, undefined),
    );
  });

  it('returns the fields of the list, with remediation details', async () => {
    const [first] = (
      await collect({ sort: 'severity', order: 'desc' }, undefined, 1)
    )[0];
    const listed = await store.list(
      findingsListQuerySchema.parse({ limit: 1 }),
      undefined,
    );
    expect(first).toEqual(listed.items[0]);
    expect(first.remediationUrl).toMatch(/^https:\/\/docs\.aws\.amazon\.com/);
  });

  it('yields nothing when nothing matches', async () => {
    const batches = await collect(
      { sort: 'severity', order: 'desc' },
      { awsAccountIds: [] },
      10,
    );
    expect(batches).toEqual([]);
  });
});
