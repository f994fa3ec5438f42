import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  asffFindingFixture,
  type AsffFinding,
  type AsffFindingFixtureOptions,
  type FindingsTrendDay,
} from '@internal/plugin-securityhub-remediation-common';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../FindingsStore';
import { FindingsTrendsService } from './FindingsTrendsService';
import { DAILY_COUNTS_TABLE, TREND_DAYS_TABLE } from './trendTables';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

const ONE = '111111111111';
const TWO = '222222222222';

function finding(
  suffix: string,
  createdAt: string,
  options: AsffFindingFixtureOptions = {},
): AsffFinding {
  const base = asffFindingFixture({
    suffix,
    updatedAt: options.updatedAt ?? createdAt,
    ...options,
  });
  return { ...base, CreatedAt: createdAt, FirstObservedAt: createdAt };
}

/** Stored findings: open, resolved, passing, and older than the back-fill. */
const FINDINGS = [
  // Before the back-filled days, still open: counted open on every day.
  finding('old', '2026-08-01T10:00:00.000Z', {
    accountId: ONE,
    severity: 'HIGH',
  }),
  finding('open', '2026-11-01T10:00:00.000Z', {
    accountId: ONE,
    severity: 'HIGH',
  }),
  // Open from Nov 10 until resolved on Nov 20.
  finding('fixed', '2026-11-10T10:00:00.000Z', {
    accountId: ONE,
    severity: 'CRITICAL',
    workflowStatus: 'RESOLVED',
    updatedAt: '2026-11-20T10:00:00.000Z',
  }),
  // Passing since it appeared: new and resolved, never open.
  finding('passing', '2026-11-15T10:00:00.000Z', {
    accountId: TWO,
    severity: 'LOW',
    complianceStatus: 'PASSED',
    updatedAt: '2026-11-16T10:00:00.000Z',
  }),
  finding('today', '2026-12-04T09:00:00.000Z', {
    accountId: TWO,
    severity: 'MEDIUM',
  }),
];

const dayOf = (trends: { days: FindingsTrendDay[] }, date: string) =>
  trends.days.find(d => d.date === date);

describe.each(ids)('FindingsTrendsService on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;
  let now: Date;
  let trends: FindingsTrendsService;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
  });

  beforeEach(async () => {
    await clearFindingsDatabase(knex);
    await knex(DAILY_COUNTS_TABLE).delete();
    await knex(TREND_DAYS_TABLE).delete();
    store = new KnexFindingsStore(knex);
    now = new Date('2026-12-04T12:00:00.000Z');
    trends = new FindingsTrendsService({
      db: knex,
      store,
      logger: mockServices.logger.mock(),
      now: () => now,
    });
  });

  it('records nothing for an empty store, so the first import back-fills', async () => {
    await trends.record();
    expect(await knex(TREND_DAYS_TABLE)).toEqual([]);

    await store.upsertBatch(FINDINGS, 'test');
    await trends.record();
    const result = await trends.trends({ days: 365 }, undefined);
    expect(result.historyStartsAt).toBe('2026-09-05');
    expect(result.days).toHaveLength(91);
  });

  it('back-fills 90 days from the finding timestamps and records today', async () => {
    await store.upsertBatch(FINDINGS, 'test');
    await trends.record();

    const result = await trends.trends({ days: 90 }, undefined);
    expect(result.historyStartsAt).toBe('2026-09-05');
    expect(result.days).toHaveLength(90);
    expect(result.days[0].date).toBe('2026-09-06');
    expect(result.days.at(-1)).toEqual({
      date: '2026-12-04',
      open: { CRITICAL: 0, HIGH: 2, MEDIUM: 1, LOW: 0, INFORMATIONAL: 0 },
      new: 1,
      resolved: 0,
      reconstructed: false,
    });
    expect(dayOf(result, '2026-09-06')).toMatchObject({
      open: { HIGH: 1, CRITICAL: 0 },
      new: 0,
      reconstructed: true,
    });
    expect(dayOf(result, '2026-11-01')).toMatchObject({
      open: { HIGH: 2 },
      new: 1,
    });
    expect(dayOf(result, '2026-11-19')?.open.CRITICAL).toBe(1);
    expect(dayOf(result, '2026-11-20')).toMatchObject({
      open: { CRITICAL: 0 },
      resolved: 1,
    });
    // The passing finding is new and resolved, and never open.
    expect(dayOf(result, '2026-11-15')).toMatchObject({ new: 1 });
    expect(dayOf(result, '2026-11-16')).toMatchObject({
      resolved: 1,
      open: { LOW: 0 },
    });
  });

  it('sums only the accounts in scope, or the one asked for', async () => {
    await store.upsertBatch(FINDINGS, 'test');
    await trends.record();

    const scoped = await trends.trends({ days: 30 }, { awsAccountIds: [TWO] });
    expect(dayOf(scoped, '2026-12-04')?.open).toEqual({
      CRITICAL: 0,
      HIGH: 0,
      MEDIUM: 1,
      LOW: 0,
      INFORMATIONAL: 0,
    });
    expect(dayOf(scoped, '2026-11-20')?.resolved).toBe(0);

    const one = await trends.trends({ days: 30, accountId: ONE }, undefined);
    expect(dayOf(one, '2026-12-04')?.open.HIGH).toBe(2);
    expect(dayOf(one, '2026-12-04')?.new).toBe(0);

    const outOfScope = await trends.trends(
      { days: 30, accountId: ONE },
      { awsAccountIds: [TWO] },
    );
    expect(dayOf(outOfScope, '2026-12-04')?.open.HIGH).toBe(0);
  });

  it("replaces today's counts on the next record of the day", async () => {
    await store.upsertBatch(FINDINGS, 'test');
    await trends.record();
    const days = (await knex(TREND_DAYS_TABLE)).length;

    await store.upsertBatch(
      [
        finding('today', '2026-12-04T09:00:00.000Z', {
          accountId: TWO,
          severity: 'MEDIUM',
          complianceStatus: 'PASSED',
          updatedAt: '2026-12-04T11:00:00.000Z',
        }),
      ],
      'test',
    );
    await trends.record();

    expect(await knex(TREND_DAYS_TABLE)).toHaveLength(days);
    const today = dayOf(
      await trends.trends({ days: 1 }, undefined),
      '2026-12-04',
    );
    expect(today).toMatchObject({
      open: { MEDIUM: 0, HIGH: 2 },
      new: 1,
      resolved: 1,
    });
  });

  it("completes yesterday's new and resolved counts on the next day", async () => {
    await store.upsertBatch(FINDINGS, 'test');
    await trends.record();
    // Created late in the day, written after the day's last record.
    await store.upsertBatch(
      [finding('late', '2026-12-04T23:00:00.000Z', { accountId: ONE })],
      'test',
    );
    now = new Date('2026-12-05T01:00:00.000Z');
    await trends.record();

    const result = await trends.trends({ days: 2 }, undefined);
    expect(dayOf(result, '2026-12-04')).toMatchObject({
      new: 2,
      open: { HIGH: 2, MEDIUM: 1 },
      reconstructed: false,
    });
    expect(dayOf(result, '2026-12-05')).toMatchObject({
      new: 0,
      open: { HIGH: 2, MEDIUM: 2 },
    });
  });

  it('records after a run that wrote, or the first run of a day', async () => {
    await store.upsertBatch(FINDINGS, 'test');
    await trends.afterSync([{ imported: 0 }]);
    expect(
      await knex(TREND_DAYS_TABLE).where('day', '2026-12-04'),
    ).toHaveLength(1);

    // Today is recorded and nothing was written: no new record.
    await store.upsertBatch(
      [finding('unrecorded', '2026-12-04T10:00:00.000Z', { accountId: ONE })],
      'test',
    );
    await trends.afterSync([{ imported: 0 }]);
    let today = dayOf(
      await trends.trends({ days: 1 }, undefined),
      '2026-12-04',
    );
    expect(today?.new).toBe(1);

    await trends.afterSync([{ imported: 0 }, { imported: 1 }]);
    today = dayOf(await trends.trends({ days: 1 }, undefined), '2026-12-04');
    expect(today?.new).toBe(2);
  });

  it('logs a failed record instead of failing the sync', async () => {
    const logger = mockServices.logger.mock();
    const failing = new FindingsTrendsService({
      db: knex,
      store: {
        count: async () => 1,
        summary: async () => {
          throw new Error('counts unavailable');
        },
      },
      logger,
      now: () => now,
    });
    await expect(failing.afterSync([{ imported: 3 }])).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('counts unavailable'),
    );
  });
});
