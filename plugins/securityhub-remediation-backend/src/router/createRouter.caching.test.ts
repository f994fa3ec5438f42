import request from 'supertest';
import type { Knex } from 'knex';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { routerApp } from './__testUtils__/routerApp';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const ALICE = mockCredentials.user.header('user:default/alice');
const BOB = mockCredentials.user.header('user:default/bob');

const finding = (accountId: string, suffix: string, status = 'FAILED') =>
  asffFindingFixture({
    accountId,
    suffix,
    complianceStatus: status as 'FAILED' | 'PASSED',
    updatedAt: status === 'FAILED' ? undefined : '2026-11-25T00:00:00.000Z',
  });

describe.each(ids)('findings responses on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;
  const permissions = mockServices.permissions.mock();

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    jest.resetAllMocks();
    await clearFindingsDatabase(knex);
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
  });

  it('shows a write on the next request, for list and summary alike', async () => {
    const app = await routerApp({ store, permissions });
    await store.upsertBatch([finding('111111111111', 'a')], 'demo');
    const get = (path: string) =>
      request(app).get(path).set('authorization', ALICE);

    expect((await get('/v1/findings')).body.totalCount).toBe(1);
    expect((await get('/v1/findings/summary')).body.total).toBe(1);
    // Answered again from the cache: identical.
    expect((await get('/v1/findings/summary')).body.total).toBe(1);

    await store.upsertBatch([finding('111111111111', 'b')], 'demo');
    expect((await get('/v1/findings')).body.totalCount).toBe(2);
    expect((await get('/v1/findings/summary')).body.total).toBe(2);

    // A status change moves the finding between summary groups.
    await store.upsertBatch([finding('111111111111', 'b', 'PASSED')], 'demo');
    const summary = (await get('/v1/findings/summary')).body;
    expect(summary.byComplianceStatus).toEqual({ FAILED: 1, PASSED: 1 });
    const failed = await get('/v1/findings?complianceStatus=FAILED');
    expect(failed.body.totalCount).toBe(1);
  });

  /** Asks for the summary twice; each answer must come from the store. */
  async function expectSummaryComputedTwice(
    app: Awaited<ReturnType<typeof routerApp>>,
  ) {
    const summary = jest.spyOn(store, 'summary');
    const get = (path: string) =>
      request(app).get(path).set('authorization', ALICE);
    expect((await get('/v1/findings/summary')).body.total).toBe(1);
    expect((await get('/v1/findings/summary')).body.total).toBe(1);
    expect(summary).toHaveBeenCalledTimes(2);
    summary.mockRestore();
  }

  it('computes every answer from the store with cacheResponses off', async () => {
    const app = await routerApp({ store, permissions, cacheResponses: false });
    await store.upsertBatch([finding('111111111111', 'a')], 'demo');
    await expectSummaryComputedTwice(app);
  });

  it('keeps no answer while the store says its counts trail the data', async () => {
    const app = await routerApp({ store, permissions });
    await store.upsertBatch([finding('111111111111', 'a')], 'demo');
    const version = jest
      .spyOn(store, 'dataVersion')
      .mockResolvedValue(undefined);
    await expectSummaryComputedTwice(app);
    version.mockRestore();
  });

  it('never answers one scope with what another scope may read', async () => {
    const app = await routerApp({ store, permissions });
    await store.upsertBatch(
      [finding('111111111111', 'a'), finding('222222222222', 'b')],
      'demo',
    );
    permissions.authorizeConditional.mockImplementation(
      async (_requests, { credentials }) =>
        (credentials.principal as { userEntityRef: string }).userEntityRef ===
        'user:default/alice'
          ? inAccounts(['111111111111'])
          : inAccounts(['222222222222']),
    );
    for (const [header, account] of [
      [ALICE, '111111111111'],
      [BOB, '222222222222'],
      [ALICE, '111111111111'],
    ]) {
      const summary = await request(app)
        .get('/v1/findings/summary')
        .set('authorization', header);
      expect(summary.body.byAccount.map((b: any) => b.key)).toEqual([account]);
      const list = await request(app)
        .get('/v1/findings')
        .set('authorization', header);
      expect(list.body.items.map((f: any) => f.awsAccountId)).toEqual([
        account,
      ]);
    }
  });

  it('answers gzip-encoded when asked, with an ETag that revalidates', async () => {
    const app = await routerApp({ store, permissions });
    await store.upsertBatch([finding('111111111111', 'a')], 'demo');
    const res = await request(app)
      .get('/v1/findings/summary')
      .set('authorization', ALICE)
      .set('accept-encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    // The client has gunzipped it.
    expect(res.body.total).toBe(1);

    const plain = await request(app)
      .get('/v1/findings/summary')
      .set('authorization', ALICE)
      .set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(res.body);

    const again = await request(app)
      .get('/v1/findings/summary')
      .set('authorization', ALICE)
      .set('if-none-match', res.headers.etag);
    expect(again.status).toBe(304);
  });

  it('still refuses bad input with 400, cached or not', async () => {
    const app = await routerApp({ store, permissions });
    for (let i = 0; i < 2; i++) {
      const res = await request(app)
        .get('/v1/findings/summary?severity=SEVERE')
        .set('authorization', ALICE);
      expect(res.status).toBe(400);
    }
  });

  it('asks the permission backend once per token within permissionCacheSeconds', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const app = await routerApp({
        store,
        permissions,
        permissionCacheSeconds: 5,
      });
      const get = (header: string) =>
        request(app).get('/v1/findings/summary').set('authorization', header);

      await get(ALICE);
      await get(ALICE);
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
      // Another token is asked for on its own.
      await get(BOB);
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);

      // A denial counts too, until the window ends.
      permissions.authorizeConditional.mockResolvedValue([
        { result: AuthorizeResult.DENY },
      ]);
      now += 4_000;
      expect((await get(ALICE)).status).toBe(200);
      now += 1_500;
      expect((await get(ALICE)).status).toBe(403);
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('asks the permission backend on every request with the cache off', async () => {
    const app = await routerApp({
      store,
      permissions,
      permissionCacheSeconds: 0,
    });
    for (let i = 0; i < 3; i++) {
      await request(app)
        .get('/v1/findings/summary')
        .set('authorization', ALICE);
    }
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
  });
});
