import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  asffFindingFixture,
  securityHubSyncAdminPermission,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingsSource } from '@internal/plugin-securityhub-remediation-node';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { routerApp } from './__testUtils__/routerApp';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(60_000);

const PROD = '210987654321';
const STAGING = '345678901234';
const stagingFinding = asffFindingFixture({ accountId: STAGING, suffix: 's' });

const files: FindingsSource = {
  id: 'exports',
  kind: 'asff-files',
  target: '/srv/securityhub/exports',
  async *read() {},
};

const { databases, ids } = findingsTestDatabases();

describe.each(ids)('GET /v1/sync/status and POST /v1/sync (%s)', id => {
  let knex: Knex;
  let app: express.Express;
  const permissions = mockServices.permissions.mock();
  const triggerSync = jest.fn(async () => {});

  beforeAll(async () => {
    knex = await databases.init(id);
    await migrateFindingsDatabase(knex);
    const store = new KnexFindingsStore(knex);
    await store.upsertBatch(
      [asffFindingFixture({ accountId: PROD, suffix: 'p' }), stagingFinding],
      'exports',
    );
    await store.putSyncState({
      sourceId: 'exports',
      kind: 'asff-files',
      target: files.target,
      state: 'running',
      lastStartedAt: '2026-12-01T10:00:00.000Z',
      lastFinishedAt: '2026-11-30T10:00:00.000Z',
      lastSucceededAt: '2026-11-30T10:00:00.000Z',
      watermark: null,
      lastImported: 2,
      lastUnchanged: 0,
      lastUnchangedUnits: 0,
      lastBatches: 3,
      lastRetries: 0,
      lastRejected: 1,
      rejected: [
        {
          origin: '/srv/securityhub/exports/staging.json',
          position: 'finding 2',
          reason: `invalid finding ${stagingFinding.Id}: {"AwsAccountId":"${STAGING}"`,
        },
      ],
      lastError: `finding ${stagingFinding.Id} could not be stored`,
    });
    app = await routerApp({
      store,
      permissions,
      sources: [files],
      triggerSync,
    });
  });

  /** Reads PROD only; `admin` decides securityhub.sync.admin. */
  function policy(admin: boolean) {
    permissions.authorizeConditional.mockResolvedValue(inAccounts([PROD]));
    permissions.authorize.mockImplementation(
      async (requests: AuthorizePermissionRequest[]) =>
        requests.map(r => ({
          result:
            r.permission.name !== securityHubSyncAdminPermission.name || admin
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    );
  }

  beforeEach(() => jest.clearAllMocks());

  it('gives a user scoped to one account its own count and no paths, ids or error text', async () => {
    policy(false);
    const res = await request(app).get('/v1/sync/status');
    expect(res.status).toBe(200);
    expect(res.body.totalStored).toBe(1);
    expect(res.body.detailed).toBe(false);
    expect(res.body.sources).toEqual([
      expect.objectContaining({
        sourceId: 'source 1',
        target: null,
        state: 'running',
        lastStartedAt: '2026-12-01T10:00:00.000Z',
        lastImported: null,
        lastUnchanged: null,
        lastUnchangedUnits: 0,
        lastRejected: 1,
        rejected: [],
      }),
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('/srv');
    expect(text).not.toContain(STAGING);
    expect(text).not.toContain(stagingFinding.Id);
  });

  it('gives a sync admin targets, error text and rejected files', async () => {
    policy(true);
    const res = await request(app).get('/v1/sync/status');
    expect(res.body.detailed).toBe(true);
    // Counts stay within the read scope, even for an admin.
    expect(res.body.totalStored).toBe(1);
    expect(res.body.sources[0]).toMatchObject({
      sourceId: 'exports',
      target: '/srv/securityhub/exports',
      lastImported: 2,
      lastUnchanged: 0,
      lastUnchangedUnits: 0,
      lastError: expect.stringContaining(stagingFinding.Id),
      rejected: [
        expect.objectContaining({
          origin: '/srv/securityhub/exports/staging.json',
        }),
      ],
    });
  });

  it('answers 409 with when the running sync started', async () => {
    policy(true);
    triggerSync.mockRejectedValueOnce(
      new ConflictError(
        'Task securityhub-remediation-findings-sync is currently running',
      ),
    );
    const res = await request(app).post('/v1/sync');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /^A findings sync is already running \(started at 2026-12-01T10:00:00.000Z\)/,
    );
  });
});
