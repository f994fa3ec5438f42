import type { Knex } from 'knex';
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
import { reconstructTrends } from './reconstructTrends';

jest.setTimeout(120_000);

const { databases, ids } = findingsTestDatabases();

const ONE = '111111111111';
const TWO = '222222222222';
const TODAY = '2026-12-04';

function finding(
  suffix: string,
  createdAt: string,
  options: AsffFindingFixtureOptions & { ledger?: boolean } = {},
): AsffFinding {
  const { ledger = true, ...fixture } = options;
  const base = asffFindingFixture({
    suffix,
    updatedAt: fixture.updatedAt ?? createdAt,
    accountId: ONE,
    resourceId: `arn:aws:s3:::${ledger ? 'ledger' : 'cards'}-${suffix}`,
    ...fixture,
  });
  return { ...base, CreatedAt: createdAt, FirstObservedAt: createdAt };
}

const FINDINGS = [
  // Open since before the window: open on every day, new on none.
  finding('old', '2026-08-01T10:00:00.000Z', { severity: 'HIGH' }),
  // Open from Nov 10, resolved on Nov 20.
  finding('fixed', '2026-11-10T10:00:00.000Z', {
    severity: 'CRITICAL',
    workflowStatus: 'RESOLVED',
    updatedAt: '2026-11-20T10:00:00.000Z',
  }),
  // Passing: new and resolved, never open.
  finding('passing', '2026-11-15T10:00:00.000Z', {
    severity: 'LOW',
    complianceStatus: 'PASSED',
    updatedAt: '2026-11-16T10:00:00.000Z',
  }),
  // Suppressed: new, never open.
  finding('muted', '2026-11-05T10:00:00.000Z', {
    severity: 'MEDIUM',
    workflowStatus: 'SUPPRESSED',
  }),
  // Another account's ledger bucket, new today.
  finding('two', '2026-12-04T09:00:00.000Z', {
    severity: 'HIGH',
    accountId: TWO,
  }),
  // Not the service's resource.
  finding('cards', '2026-11-01T10:00:00.000Z', {
    severity: 'HIGH',
    ledger: false,
  }),
];

const ledger = { days: 90, resourceIdPrefix: ['arn:aws:s3:::ledger-'] };
const on = (days: FindingsTrendDay[], date: string) =>
  days.find(d => d.date === date)!;

describe.each(ids)('reconstructTrends on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    await clearFindingsDatabase(knex);
    await new KnexFindingsStore(knex).upsertBatch(FINDINGS, 'test');
  });

  it("counts a service's findings per day from their created and resolved times", async () => {
    const result = await reconstructTrends(knex, ledger, undefined, TODAY);
    expect(result.computedOnRequest).toBe(true);
    expect(result.days).toHaveLength(90);
    expect(result.days[0].date).toBe('2026-09-06');
    expect(result.days.every(d => d.reconstructed)).toBe(true);

    expect(on(result.days, '2026-09-06')).toMatchObject({
      open: { HIGH: 1, CRITICAL: 0, MEDIUM: 0, LOW: 0 },
      new: 0,
      resolved: 0,
    });
    expect(on(result.days, '2026-11-05')).toMatchObject({
      new: 1,
      open: { MEDIUM: 0 },
    });
    expect(on(result.days, '2026-11-10')).toMatchObject({
      new: 1,
      open: { HIGH: 1, CRITICAL: 1 },
    });
    expect(on(result.days, '2026-11-19').open.CRITICAL).toBe(1);
    expect(on(result.days, '2026-11-20')).toMatchObject({
      resolved: 1,
      open: { CRITICAL: 0 },
    });
    expect(on(result.days, '2026-11-15')).toMatchObject({ new: 1 });
    expect(on(result.days, '2026-11-16')).toMatchObject({
      resolved: 1,
      open: { LOW: 0 },
    });
    // The cards bucket (Nov 1) is not the service's.
    expect(on(result.days, '2026-11-01').new).toBe(0);
    expect(on(result.days, TODAY)).toMatchObject({
      new: 1,
      open: { HIGH: 2, CRITICAL: 0 },
    });
  });

  it('keeps to the caller scope and the account asked for', async () => {
    const scoped = await reconstructTrends(
      knex,
      ledger,
      { awsAccountIds: [TWO] },
      TODAY,
    );
    expect(on(scoped.days, TODAY).open.HIGH).toBe(1);
    expect(on(scoped.days, '2026-11-10').new).toBe(0);

    const one = await reconstructTrends(
      knex,
      { ...ledger, accountId: ONE },
      undefined,
      TODAY,
    );
    expect(on(one.days, TODAY)).toMatchObject({ new: 0, open: { HIGH: 1 } });
  });

  it('refuses more findings than it reconstructs on one request', async () => {
    await expect(
      reconstructTrends(knex, ledger, undefined, TODAY, 3),
    ).rejects.toThrow(/More than 3 findings match these resources/);
  });
});
