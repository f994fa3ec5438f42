import type { Knex } from 'knex';
import {
  asffFindingFixture,
  findingsListQuerySchema,
  generateDemoFindings,
  prepareFinding,
  type AsffFinding,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import { expectSummariesMatchScan } from '../../__testUtils__/summariesMatchScan';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
  MIGRATIONS_DIR,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { applyScope, type FindingScope } from './filters';
import {
  CONTROL_TITLES_TABLE,
  COUNTS_TABLE,
  COUNT_DIMENSIONS,
} from './findingCounts';
import { FINDINGS_TABLE } from './rows';
import { CountsCube } from './countsCube';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

const FILTERS: FindingsFilter[] = [
  {},
  { accountId: ['222222222222'] },
  { severity: ['HIGH', 'CRITICAL'] },
  { controlId: ['S3.5'] },
  {
    complianceStatus: ['FAILED'],
    recordState: ['ACTIVE'],
    workflowStatus: ['NEW', 'NOTIFIED'],
  },
  { resourceType: ['AwsS3Bucket'], region: ['eu-west-1'] },
  { complianceStatus: ['PASSED'], severity: ['INFORMATIONAL', 'LOW'] },
];

const SCOPES: FindingScope[] = [
  undefined,
  { awsAccountIds: ['111111111111'] },
  { not: { awsAccountIds: ['333333333333'] } },
  { anyOf: [{ awsAccountIds: [] }, { awsAccountIds: ['222222222222'] }] },
];

/** A finding outside controls: no compliance status, no resource type. */
function nonControlFinding(suffix: string): AsffFinding {
  const finding = asffFindingFixture({
    accountId: '111111111111',
    controlId: '',
    suffix,
  });
  delete (finding as Partial<AsffFinding>).Compliance;
  finding.Resources = [{ ...finding.Resources[0], Type: '' }];
  return finding;
}

const later = (finding: AsffFinding, hours: number): AsffFinding => ({
  ...finding,
  UpdatedAt: new Date(
    Date.parse(finding.UpdatedAt) + hours * 3_600_000,
  ).toISOString(),
});

describe.each(ids)('finding counts on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  /** The counts-based summary and totals equal a GROUP BY over the findings. */
  async function expectCountsMatchScan() {
    await expectSummariesMatchScan(knex, store, SCOPES, FILTERS);
    for (const scope of SCOPES) {
      const stored = await applyScope(knex(FINDINGS_TABLE), scope)
        .count({ n: '*' })
        .first();
      expect(await store.count(scope)).toBe(Number(stored?.n));
    }
    // Emptied groups stay at zero (so the counts in memory see the change);
    // none goes below.
    const negative = await knex(COUNTS_TABLE).where('n', '<', 0);
    expect(negative).toEqual([]);
  }

  /** The non-empty counts rows, without their change stamps. */
  async function countRows() {
    const rows = await knex(COUNTS_TABLE)
      .select(...COUNT_DIMENSIONS, 'n')
      .where('n', '>', 0)
      .orderBy([...COUNT_DIMENSIONS]);
    return rows.map(r => ({ ...r, n: Number(r.n) }));
  }

  /** Every stored control has its largest and smallest title. */
  async function expectControlTitles() {
    const expected = await knex(FINDINGS_TABLE)
      .select('control_id')
      .max({ title: 'title' })
      .min({ lowest_title: 'title' })
      .whereNot('control_id', '')
      .groupBy('control_id')
      .orderBy('control_id');
    const stored = await knex(CONTROL_TITLES_TABLE).orderBy('control_id');
    expect(stored).toEqual(expected);
  }

  it('follow inserts, newer versions, ignored older versions and deletes', async () => {
    const initial = [
      ...dataset(),
      ...generateDemoFindings({ count: 150, seed: 7 }),
      nonControlFinding('0001'),
      nonControlFinding('0002'),
    ];
    await store.upsertBatch(initial, 'demo');
    await expectCountsMatchScan();
    await expectControlTitles();
    expect((await store.summary({}, undefined)).total).toBe(initial.length);

    // Newer versions move findings between groups (status, severity, state).
    const base = dataset();
    const moved = base.slice(0, 60).map((f, i) => ({
      ...later(f, 1),
      Severity: { Label: i % 2 ? 'CRITICAL' : 'LOW' },
      Compliance: { ...f.Compliance, Status: i % 3 ? 'PASSED' : 'WARNING' },
      Workflow: { Status: 'RESOLVED' },
      RecordState: i % 4 ? 'ACTIVE' : 'ARCHIVED',
    })) as AsffFinding[];
    expect((await store.upsertBatch(moved, 'demo')).written).toBe(60);
    await expectCountsMatchScan();
    await expectControlTitles();

    // Older versions are not written, so the counts must not move either.
    const before = await store.summary({}, undefined);
    const older = base.slice(0, 60).map(f => ({
      ...later(f, -24),
      Compliance: { ...f.Compliance, Status: 'FAILED' },
    })) as AsffFinding[];
    expect((await store.upsertBatch(older, 'demo')).written).toBe(0);
    expect(await store.summary({}, undefined)).toEqual(before);
    await expectCountsMatchScan();

    // Deletes, one and many rows per statement.
    await knex(FINDINGS_TABLE).where('id', base[70].Id).delete();
    await knex(FINDINGS_TABLE).where('aws_account_id', '333333333333').delete();
    await expectCountsMatchScan();
  });

  it('catch up on the rows a write changed instead of reading the table again', async () => {
    await store.upsertBatch(
      generateDemoFindings({ count: 300, seed: 11 }),
      'demo',
    );
    await expectCountsMatchScan();
    const load = jest.spyOn(CountsCube, 'load');
    const catchUp = jest.spyOn(CountsCube.prototype, 'catchUp');
    try {
      const moved = dataset()
        .slice(0, 5)
        .map(f => ({
          ...later(f, 2),
          Workflow: { Status: 'SUPPRESSED' },
        })) as AsffFinding[];
      await store.upsertBatch(dataset(), 'demo');
      await store.upsertBatch(moved, 'demo');
      await knex(FINDINGS_TABLE).where('id', dataset()[9].Id).delete();
      await expectCountsMatchScan();
      expect(catchUp).toHaveBeenCalled();
      expect(load).not.toHaveBeenCalled();
    } finally {
      load.mockRestore();
      catchUp.mockRestore();
    }
  });

  it('move the data version on with every write, not on reads', async () => {
    const versions = [await store.dataVersion()];
    await store.upsertBatch(dataset(), 'demo');
    versions.push(await store.dataVersion());
    await store.summary({}, undefined);
    await store.list(findingsListQuerySchema.parse({}), undefined);
    expect(await store.dataVersion()).toBe(versions[1]);
    await store.upsertBatch([later(dataset()[0], 1)], 'demo');
    versions.push(await store.dataVersion());
    await knex(FINDINGS_TABLE).where('id', dataset()[1].Id).delete();
    versions.push(await store.dataVersion());
    expect(new Set(versions).size).toBe(4);
  });

  it('follow a finding marked passed locally', async () => {
    await store.upsertBatch(dataset(), 'demo');
    const failed = dataset().find(
      f => f.Compliance?.Status === 'FAILED' && f.RecordState === 'ACTIVE',
    )!;
    const failedBefore = (await store.summary({}, undefined)).byComplianceStatus
      .FAILED;
    expect(await store.markPassedLocally(failed.Id, 'fixed')).toBe('PASSED');
    expect((await store.summary({}, undefined)).byComplianceStatus.FAILED).toBe(
      failedBefore - 1,
    );
    await expectCountsMatchScan();
  });

  it('are filled by a first load as the triggers keep them', async () => {
    const findings = [...dataset(), nonControlFinding('0003')];
    await store.upsertBatch(findings, 'demo');
    const expected = await countRows();
    await clearFindingsDatabase(knex);
    // Titles are kept as seen, not taken back on delete: a fresh store's.
    await knex(CONTROL_TITLES_TABLE).delete();
    // The counts in memory are current (empty) before the load.
    expect((await store.summary({}, undefined)).total).toBe(0);
    const versionBefore = await store.dataVersion();
    await store.bulkLoad(writer =>
      writer.upsertPrepared(findings.map(prepareFinding), 'demo'),
    );
    // Responses cached before the load must not be served after it.
    expect(await store.dataVersion()).not.toBe(versionBefore);
    expect((await store.summary({}, undefined)).total).toBe(121);
    await expectCountsMatchScan();
    await expectControlTitles();
    expect(await countRows()).toEqual(expected);
  });

  it('keep the lowest title from a migration that fills it, through inserts and renames', async () => {
    const migration = '20261209000000_control_lowest_titles.js';
    await clearFindingsDatabase(knex);
    await knex(CONTROL_TITLES_TABLE).delete();
    await knex.migrate.down({ directory: MIGRATIONS_DIR, name: migration });
    expect(
      await knex.schema.hasColumn(CONTROL_TITLES_TABLE, 'lowest_title'),
    ).toBe(false);
    await store.upsertBatch(
      generateDemoFindings({ count: 60, seed: 3 }),
      'demo',
    );
    await knex.migrate.up({ directory: MIGRATIONS_DIR, name: migration });
    await expectControlTitles();
    await store.upsertBatch(
      generateDemoFindings({ count: 60, seed: 4 }),
      'demo',
    );
    await expectControlTitles();
    // A rename keeps the lowest title seen, as the highest is kept.
    const { pk, control_id } = await knex(FINDINGS_TABLE)
      .whereNot('control_id', '')
      .first('pk', 'control_id');
    await knex(FINDINGS_TABLE).where({ pk }).update({ title: '0 first' });
    await knex(FINDINGS_TABLE).where({ pk }).update({ title: 'zz last' });
    expect(
      await knex(CONTROL_TITLES_TABLE)
        .where({ control_id })
        .first('lowest_title', 'title'),
    ).toEqual({ lowest_title: '0 first', title: 'zz last' });
  });
});
