import type { Knex } from 'knex';
import {
  asffFindingFixture,
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

const batch = (count: number, overrides: Partial<AsffFinding> = {}) =>
  Array.from({ length: count }, (_, i) => ({
    ...asffFindingFixture({ suffix: `u${i}` }),
    ...overrides,
  }));

describe.each(ids)('KnexFindingsStore skips unchanged findings on %s', id => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  const lastSeen = async () =>
    (await knex('securityhub_findings').select('last_seen_at')).map(r =>
      new Date(r.last_seen_at).toISOString(),
    );

  it('writes nothing for the same version with the same content', async () => {
    const findings = batch(30);
    const first = new Date('2026-11-21T00:00:00.000Z');
    expect(await store.upsertBatch(findings, 'files', first)).toMatchObject({
      written: 30,
      read: 30,
    });
    const again = await store.upsertBatch(
      findings,
      'files',
      new Date('2026-11-22T00:00:00.000Z'),
    );
    expect(again).toMatchObject({ written: 0, read: 30 });
    // Not even touched: the row is the one the first write left.
    expect(new Set(await lastSeen())).toEqual(new Set([first.toISOString()]));
  });

  it('writes the same version when its content changed or it moved to another source', async () => {
    const findings = batch(3);
    await store.upsertBatch(findings, 'files');
    const edited = [
      { ...findings[0], Title: 'Edited without a new UpdatedAt' },
      findings[1],
      findings[2],
    ];
    expect(await store.upsertBatch(edited, 'files')).toMatchObject({
      written: 1,
    });
    expect((await store.get(findings[0].Id, undefined))?.title).toBe(
      'Edited without a new UpdatedAt',
    );
    expect(await store.upsertBatch(edited, 'other-source')).toMatchObject({
      written: 3,
    });
  });

  it('writes a newer version and never an older one', async () => {
    const [finding] = batch(1);
    await store.upsertBatch([finding], 'files');
    const newer = { ...finding, UpdatedAt: '2026-11-25T10:00:00.000Z' };
    const older = { ...finding, UpdatedAt: '2026-11-01T10:00:00.000Z' };
    expect(await store.upsertBatch([newer], 'files')).toMatchObject({
      written: 1,
    });
    expect(await store.upsertBatch([older], 'files')).toMatchObject({
      written: 0,
    });
  });

  it('rewrites a row stored before content hashes once, then skips it', async () => {
    const findings = batch(5);
    await store.upsertBatch(findings, 'files');
    await knex('securityhub_findings').update({ content_hash: null });
    expect(await store.upsertBatch(findings, 'files')).toMatchObject({
      written: 5,
    });
    expect(await store.upsertBatch(findings, 'files')).toMatchObject({
      written: 0,
    });
  });
});
