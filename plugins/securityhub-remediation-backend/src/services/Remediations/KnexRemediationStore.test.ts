import type { Knex } from 'knex';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexRemediationStore } from './KnexRemediationStore';
import {
  IdempotencyKeyUsedError,
  OpenRemediationExistsError,
  RemediationVersionConflictError,
} from './RemediationStore';
import { clearRemediations, newRecord } from './__testUtils__/records';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const event = (message: string) => ({
  at: new Date().toISOString(),
  stage: 'generate' as const,
  status: 'succeeded' as const,
  message,
  actor: 'user:default/alice',
});

describe.each(ids)('KnexRemediationStore on %s', databaseId => {
  let knex: Knex;
  let store: KnexRemediationStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexRemediationStore(knex);
  });

  beforeEach(() => clearRemediations(knex));

  it('inserts, reads and updates a record with its events in order', async () => {
    const inserted = await store.insert(
      newRecord({ idempotencyKey: 'key-00001' }),
      [event('generated')],
    );
    expect(inserted).toMatchObject({
      status: 'generated',
      version: 1,
      idempotencyKey: 'key-00001',
    });

    const updated = await store.update(
      inserted.id,
      1,
      {
        status: 'staged',
        repository: {
          mode: 'local',
          name: 'r',
          branch: 'main',
          commitId: 'c0ffee',
          files: ['deploy/x.yaml'],
        },
        nextCheckAt: '2026-12-01T00:00:00.000Z',
      },
      [{ ...event('staged'), stage: 'stage', mode: 'local' }],
    );
    expect(updated).toMatchObject({
      status: 'staged',
      version: 2,
      repository: { commitId: 'c0ffee' },
      nextCheckAt: '2026-12-01T00:00:00.000Z',
    });
    expect((await store.events(inserted.id)).map(e => e.message)).toEqual([
      'generated',
      'staged',
    ]);
    expect(
      await knex('remediations').where({ id: inserted.id }).first('commit_id'),
    ).toEqual({ commit_id: 'c0ffee' });

    await store.update(inserted.id, 2, { nextCheckAt: null }, []);
    expect(
      (await store.get(inserted.id, undefined))?.nextCheckAt,
    ).toBeUndefined();
  });

  it('fails an update at a stale version and writes none of it', async () => {
    const record = await store.insert(newRecord(), []);
    await store.update(record.id, 1, { status: 'staged' }, []);
    await expect(
      store.update(record.id, 1, { status: 'failed' }, [event('lost')]),
    ).rejects.toBeInstanceOf(RemediationVersionConflictError);
    expect((await store.get(record.id, undefined))?.status).toBe('staged');
    expect(await store.events(record.id)).toEqual([]);
  });

  it('refuses a second open remediation of a finding, also when two inserts race', async () => {
    const findingId = 'finding-race';
    const results = await Promise.allSettled([
      store.insert(newRecord({ findingId }), [event('a')]),
      store.insert(newRecord({ findingId }), [event('b')]),
    ]);
    const fulfilled = results.filter(r => r.status === 'fulfilled');
    const rejected = results.filter(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult[];
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const winner = (fulfilled[0] as PromiseFulfilledResult<{ id: string }>)
      .value;
    expect(rejected[0].reason).toBeInstanceOf(OpenRemediationExistsError);
    expect(rejected[0].reason.openRemediationId).toBe(winner.id);
    expect(
      await knex('remediations').where({ finding_id: findingId }),
    ).toHaveLength(1);
    expect(await knex('remediation_events')).toHaveLength(1);

    // Once it ends, the finding may be remediated again.
    await store.update(winner.id, 1, { status: 'failed' }, []);
    expect(await store.findOpen(findingId)).toBeUndefined();
    await expect(
      store.insert(newRecord({ findingId }), []),
    ).resolves.toBeDefined();
  });

  it('refuses to reopen a finding that has another open remediation', async () => {
    const findingId = 'finding-reopen';
    const first = await store.insert(newRecord({ findingId }), []);
    await store.update(first.id, 1, { status: 'failed' }, []);
    const second = await store.insert(newRecord({ findingId }), []);
    await expect(
      store.update(first.id, 2, { status: 'verifying' }, []),
    ).rejects.toMatchObject({ openRemediationId: second.id });
  });

  it('refuses a reused idempotency key, naming the first record', async () => {
    const first = await store.insert(
      newRecord({ idempotencyKey: 'submit-1234' }),
      [],
    );
    await expect(
      store.insert(newRecord({ idempotencyKey: 'submit-1234' }), []),
    ).rejects.toEqual(new IdempotencyKeyUsedError(first.id));
    expect((await store.findByIdempotencyKey('submit-1234'))?.id).toBe(
      first.id,
    );
  });

  it('lists newest first in the caller scope, with filters, a cursor and a total', async () => {
    const base = Date.UTC(2026, 11, 1);
    const accounts = ['111111111111', '222222222222', '333333333333'];
    for (let i = 0; i < 9; i++) {
      await store.insert(
        newRecord({
          findingId: `finding-${i}`,
          awsAccountId: accounts[i % 3],
          status: i === 0 ? 'verified' : 'staged',
          createdAt: new Date(base + i * 1000).toISOString(),
        }),
        [],
      );
    }
    const first = await store.list({ limit: 4 }, undefined);
    expect(first.totalCount).toBe(9);
    expect(first.items.map(r => r.findingId)).toEqual([
      'finding-8',
      'finding-7',
      'finding-6',
      'finding-5',
    ]);
    const second = await store.list(
      { limit: 4, cursor: first.nextCursor },
      undefined,
    );
    expect(second.items.map(r => r.findingId)).toEqual([
      'finding-4',
      'finding-3',
      'finding-2',
      'finding-1',
    ]);
    const last = await store.list(
      { limit: 4, cursor: second.nextCursor },
      undefined,
    );
    expect(last.items.map(r => r.findingId)).toEqual(['finding-0']);
    expect(last.nextCursor).toBeUndefined();

    const scoped = await store.list(
      { limit: 50 },
      { awsAccountIds: ['111111111111'] },
    );
    expect(scoped.totalCount).toBe(3);
    expect(scoped.items.every(r => r.awsAccountId === '111111111111')).toBe(
      true,
    );

    const anyOf = await store.list(
      { limit: 50 },
      {
        anyOf: [
          { awsAccountIds: ['111111111111'] },
          { awsAccountIds: ['222222222222'] },
        ],
      },
    );
    expect(anyOf.totalCount).toBe(6);
    const allOfNot = await store.list(
      { limit: 50 },
      {
        allOf: [
          { awsAccountIds: accounts },
          { not: { awsAccountIds: ['333333333333'] } },
        ],
      },
    );
    expect(allOfNot.totalCount).toBe(6);
    expect(allOfNot.items.some(r => r.awsAccountId === '333333333333')).toBe(
      false,
    );
    expect(
      (await store.list({ limit: 50 }, { awsAccountIds: [] })).totalCount,
    ).toBe(0);

    expect(
      (await store.list({ limit: 50, open: false }, undefined)).items.map(
        r => r.findingId,
      ),
    ).toEqual(['finding-0']);
    expect(
      (await store.list({ limit: 50, open: true }, undefined)).totalCount,
    ).toBe(8);
    expect(
      (
        await store.list(
          { limit: 50, accountId: '222222222222', status: 'staged' },
          undefined,
        )
      ).totalCount,
    ).toBe(3);
    expect(
      (await store.list({ limit: 50, findingId: 'finding-4' }, undefined))
        .totalCount,
    ).toBe(1);

    const outOfScope = first.items.find(
      r => r.awsAccountId !== '111111111111',
    )!;
    expect(
      await store.get(outOfScope.id, { awsAccountIds: ['111111111111'] }),
    ).toBeUndefined();
    await expect(
      store.list({ limit: 5, cursor: 'nonsense' }, undefined),
    ).rejects.toThrow(/cursor/);
  });

  it('claims due records once per lease and lets them go again', async () => {
    const now = new Date(Date.UTC(2026, 11, 2, 12));
    const due = await store.insert(
      newRecord({
        status: 'staged',
        nextCheckAt: new Date(now.getTime() - 1000).toISOString(),
      }),
      [],
    );
    await store.insert(
      newRecord({
        status: 'staged',
        nextCheckAt: new Date(now.getTime() + 60_000).toISOString(),
      }),
      [],
    );
    await store.insert(newRecord({ status: 'verified' }), []);

    const claimed = await store.claimDue(now, 'a', 30_000, 10);
    expect(claimed.map(r => r.id)).toEqual([due.id]);
    expect(await store.claimDue(now, 'b', 30_000, 10)).toEqual([]);
    // An expired lease can be taken over.
    const later = new Date(now.getTime() + 31_000);
    expect(
      (await store.claimDue(later, 'b', 30_000, 10)).map(r => r.id),
    ).toEqual([due.id]);
    await store.release(due.id, 'a'); // not a's any more: no effect
    expect(await store.claimDue(later, 'c', 30_000, 10)).toEqual([]);
    await store.release(due.id, 'b');
    expect(
      (await store.claimDue(later, 'c', 30_000, 10)).map(r => r.id),
    ).toEqual([due.id]);
  });

  it('never hands one record to two concurrent claimers', async () => {
    const now = new Date(Date.UTC(2026, 11, 2, 12));
    const inserted = [];
    for (let i = 0; i < 12; i++) {
      inserted.push(
        await store.insert(
          newRecord({
            status: 'staged',
            nextCheckAt: new Date(now.getTime() - i).toISOString(),
          }),
          [],
        ),
      );
    }
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd'].map(owner => store.claimDue(now, owner, 30_000, 5)),
    );
    const all = claims.flat().map(r => r.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(12);
    const owners = await knex('remediations')
      .whereNotNull('lease_owner')
      .select('id', 'lease_owner');
    expect(owners).toHaveLength(12);
  });

  it('deletes a record with its events', async () => {
    const record = await store.insert(newRecord(), [event('generated')]);
    await store.delete(record.id);
    expect(await store.get(record.id, undefined)).toBeUndefined();
    expect(
      await knex('remediation_events').where({ remediation_id: record.id }),
    ).toEqual([]);
  });
});
