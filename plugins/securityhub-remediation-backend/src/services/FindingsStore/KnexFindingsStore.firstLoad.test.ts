import type { Knex } from 'knex';
import {
  asffFindingFixture,
  prepareFinding,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

/** Text COPY must escape: tab, newline, carriage return, backslash, `\N`. */
const AWKWARD = 'tab\there\nnew line\r\nback\\slash \\N ünïcødé "quoted"';

describe.each(ids)('KnexFindingsStore writes on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  const version = (
    updatedAt: string,
    overrides: Partial<AsffFinding> = {},
  ) => ({
    ...asffFindingFixture({ updatedAt }),
    ...overrides,
  });

  it('applies the newest-version rules across the batches of a first load', async () => {
    const open = version('2026-11-01T00:00:00.000Z');
    const passed = version('2026-11-05T00:00:00.000Z', {
      Compliance: { Status: 'PASSED' },
      Description: AWKWARD,
    });
    const stale = version('2026-10-01T00:00:00.000Z');
    const other = asffFindingFixture({ suffix: 'other' });

    const written: number[] = [];
    await store.bulkLoad(async writer => {
      const batches: Array<[AsffFinding[], string]> = [
        [[open, other], '2026-11-01T01:00:00Z'],
        [[passed], '2026-11-05T01:00:00Z'],
        [[stale], '2026-11-06T01:00:00Z'],
      ];
      for (const [findings, seen] of batches) {
        const result = await writer.upsertPrepared(
          findings.map(prepareFinding),
          'demo',
          new Date(seen),
        );
        written.push(result.written);
      }
    });

    // The older copy in the third batch was not written. On PostgreSQL a
    // first load applies later versions at its end, and counts the
    // findings it wrote.
    expect(written).toEqual(
      knex.client.dialect === 'postgresql' ? [2, 0, 0] : [2, 1, 0],
    );
    expect(await store.count()).toBe(2);
    const stored = await store.get(open.Id, undefined);
    expect(stored).toMatchObject({
      complianceStatus: 'PASSED',
      description: AWKWARD,
      firstSeenAt: '2026-11-01T01:00:00.000Z',
      lastSeenAt: '2026-11-05T01:00:00.000Z',
      resolvedAt: '2026-11-05T00:00:00.000Z',
    });
    // Details follow the written version.
    expect(stored?.raw).toEqual(passed);
  });

  it('keeps the earliest resolution of a finding resolved again within a first load', async () => {
    const open = version('2026-11-01T00:00:00.000Z');
    const resolved = version('2026-11-03T00:00:00.000Z', {
      Compliance: { Status: 'PASSED' },
    });
    const stillResolved = version('2026-11-04T00:00:00.000Z', {
      Compliance: { Status: 'PASSED' },
      Title: 'the newest title',
    });
    await store.bulkLoad(async writer => {
      for (const finding of [open, resolved, stillResolved, resolved]) {
        await writer.upsertPrepared([prepareFinding(finding)], 'demo');
      }
    });
    expect(await store.count()).toBe(1);
    expect(await store.get(open.Id, undefined)).toMatchObject({
      title: 'the newest title',
      resolvedAt: '2026-11-03T00:00:00.000Z',
    });
  });

  it('keeps text byte for byte through every write path', async () => {
    const finding = version('2026-11-01T00:00:00.000Z', {
      Title: AWKWARD,
      Description: AWKWARD,
    });
    await store.bulkLoad(writer =>
      writer.upsertPrepared([prepareFinding(finding)], 'demo'),
    );
    const newer = { ...finding, UpdatedAt: '2026-11-02T00:00:00.000Z' };
    const { written } = await store.upsertBatch([newer], 'demo');
    expect(written).toBe(1);
    const stored = await store.get(finding.Id, undefined);
    expect(stored).toMatchObject({ title: AWKWARD, description: AWKWARD });
    expect(stored?.raw).toEqual(newer);
  });

  it('keeps nothing of a first load whose later batch fails', async () => {
    const first = asffFindingFixture({ suffix: 'first' });
    const broken = { ...asffFindingFixture({ suffix: 'broken' }), Title: null };
    // Matched on the message: better-sqlite3's errors may come from another
    // test file's realm, which `rejects.toThrow()` does not recognise.
    await expect(
      store.bulkLoad(async writer => {
        await writer.upsertPrepared([prepareFinding(first)], 'demo');
        await writer.upsertPrepared(
          [prepareFinding(broken as unknown as AsffFinding)],
          'demo',
        );
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/null/i) });
    expect(await store.count()).toBe(0);
    expect(await store.get(first.Id, undefined)).toBeUndefined();
  });
});
