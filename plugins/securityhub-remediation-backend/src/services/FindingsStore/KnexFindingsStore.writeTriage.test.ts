import type { Knex } from 'knex';
import {
  asffFindingFixture,
  findingsListQuerySchema,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { triageUpdatedAt } from './writeTriage';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const UPDATED_AT = '2026-11-20T10:00:00.000Z';
const findings = ['0001', '0002', '0003'].map(suffix =>
  asffFindingFixture({ suffix, updatedAt: UPDATED_AT }),
);
const [first, second, third] = findings;

const newerVersion = (finding: AsffFinding, at: string): AsffFinding => ({
  ...finding,
  UpdatedAt: at,
  Workflow: { Status: 'SUPPRESSED' },
  Note: { Text: 'From Security Hub', UpdatedBy: 'someone', UpdatedAt: at },
});

describe('triageUpdatedAt', () => {
  const now = new Date('2026-12-01T00:00:00.000Z');

  it('stamps a Security Hub write-through no later than Security Hub would', () => {
    expect(triageUpdatedAt('securityhub', UPDATED_AT, now)).toBe(
      '2026-11-20T10:00:00.001Z',
    );
    // A stored version already past the clock is kept as it is.
    expect(
      triageUpdatedAt('securityhub', '2026-12-02T00:00:00.000Z', now),
    ).toBe('2026-12-02T00:00:00.000Z');
  });

  it('stamps a local triage strictly newer than the stored version, and not before now', () => {
    expect(triageUpdatedAt('local', UPDATED_AT, now)).toBe(now.toISOString());
    expect(triageUpdatedAt('local', '2026-12-02T00:00:00.000Z', now)).toBe(
      '2026-12-02T00:00:00.001Z',
    );
  });
});

describe.each(ids)('KnexFindingsStore.writeTriage on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    await clearFindingsDatabase(knex);
    await store.upsertBatch(findings, 'hub:us-east-1');
  });

  it('sets the status and the note of the findings at once, and the summary by workflow status moves', async () => {
    const versionBefore = await store.dataVersion();
    expect((await store.summary({}, undefined)).byWorkflowStatus).toEqual({
      NEW: 3,
    });

    const changed = await store.writeTriage({
      findingIds: [first.Id, second.Id, 'arn:missing'],
      change: { workflowStatus: 'SUPPRESSED', note: 'Accepted risk' },
      updatedBy: 'user:default/alice',
      mode: 'securityhub',
    });

    expect(changed.sort()).toEqual([first.Id, second.Id].sort());
    const summary = await store.summary({}, undefined);
    expect(summary.byWorkflowStatus).toEqual({ NEW: 1, SUPPRESSED: 2 });
    expect(summary.total).toBe(3);
    expect(
      (
        await store.list(
          findingsListQuerySchema.parse({ workflowStatus: 'SUPPRESSED' }),
          undefined,
        )
      ).totalCount,
    ).toBe(2);
    expect(await store.dataVersion()).not.toBe(versionBefore);
    const stored = (await store.get(first.Id, undefined))!;
    expect(stored.workflowStatus).toBe('SUPPRESSED');
    expect(stored.raw).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Accepted risk', UpdatedBy: 'user:default/alice' },
      UpdatedAt: '2026-11-20T10:00:00.001Z',
    });
    expect((await store.get(third.Id, undefined))?.workflowStatus).toBe('NEW');
  });

  it('with Security Hub: the next sync’s newer version replaces the write-through', async () => {
    await store.writeTriage({
      findingIds: [first.Id],
      change: { workflowStatus: 'RESOLVED', note: 'Fixed' },
      updatedBy: 'user:default/alice',
      mode: 'securityhub',
    });
    // A sync that still read the version before the triage does not roll it back.
    expect((await store.upsertBatch([first], 'hub:us-east-1')).written).toBe(0);
    expect((await store.get(first.Id, undefined))?.workflowStatus).toBe(
      'RESOLVED',
    );

    const fromSecurityHub = newerVersion(first, '2026-11-20T10:00:05.000Z');
    expect(
      (await store.upsertBatch([fromSecurityHub], 'hub:us-east-1')).written,
    ).toBe(1);
    const stored = (await store.get(first.Id, undefined))!;
    expect(stored.workflowStatus).toBe('SUPPRESSED');
    expect(stored.raw).toMatchObject({ Note: { Text: 'From Security Hub' } });
    expect((await store.summary({}, undefined)).byWorkflowStatus).toEqual({
      NEW: 2,
      SUPPRESSED: 1,
    });
  });

  it('locally: re-reading the unchanged file keeps the triage', async () => {
    const changed = await store.applyTriageLocally({
      findings: [
        {
          findingId: first.Id,
          productArn: first.ProductArn,
          accountId: first.AwsAccountId,
          region: 'us-east-1',
          sourceId: 'hub:us-east-1',
        },
      ],
      change: { note: 'Checked with the bucket owner' },
      updatedBy: 'user:default/alice',
    });
    expect(changed).toEqual([first.Id]);

    expect((await store.upsertBatch([first], 'hub:us-east-1')).written).toBe(0);
    const stored = (await store.get(first.Id, undefined))!;
    expect(stored.workflowStatus).toBe('NEW');
    expect(stored.raw).toMatchObject({
      Note: {
        Text: 'Checked with the bucket owner',
        UpdatedBy: 'user:default/alice',
      },
    });
    expect(Date.parse(stored.updatedAt)).toBeGreaterThan(
      Date.parse(UPDATED_AT),
    );
  });
});
