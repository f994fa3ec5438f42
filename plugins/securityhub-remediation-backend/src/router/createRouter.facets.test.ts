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

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();
const ALICE = mockCredentials.user.header('user:default/alice');

const finding = (suffix: string, severity: 'HIGH' | 'LOW') => ({
  ...asffFindingFixture({ accountId: '111111111111', suffix }),
  Severity: { Label: severity },
});

describe.each(ids)('summary facets through the router on %s', databaseId => {
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

  it('answers facets from the cache until a write, then the new counts', async () => {
    const app = await routerApp({ store, permissions });
    const get = (path: string) =>
      request(app).get(path).set('authorization', ALICE);
    await store.upsertBatch(
      [finding('a', 'HIGH'), finding('b', 'LOW'), finding('c', 'LOW')],
      'demo',
    );
    const computed = jest.spyOn(store, 'summary');

    const first = await get('/v1/findings/summary?severity=HIGH');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(1);
    expect(first.body.facets.severity).toEqual({ HIGH: 1, LOW: 2 });
    const again = await get('/v1/findings/summary?severity=HIGH');
    expect(again.body).toEqual(first.body);
    expect(computed).toHaveBeenCalledTimes(1);

    await store.upsertBatch([finding('d', 'LOW')], 'demo');
    const after = await get('/v1/findings/summary?severity=HIGH');
    expect(after.body.facets.severity).toEqual({ HIGH: 1, LOW: 3 });
    expect(computed).toHaveBeenCalledTimes(2);
    computed.mockRestore();
  });
});
