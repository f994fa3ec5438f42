import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { routerApp } from './__testUtils__/routerApp';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(60_000);

const { databases } = findingsTestDatabases();

describe('createRouter', () => {
  let knex: Knex;
  let app: express.Express;
  const permissions = mockServices.permissions.mock();
  const triggerSync = jest.fn(async () => {});

  const prod = asffFindingFixture({
    accountId: '210987654321',
    severity: 'CRITICAL',
    suffix: 'p1',
  });
  const staging = asffFindingFixture({
    accountId: '345678901234',
    severity: 'LOW',
    suffix: 's1',
  });

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    const store = new KnexFindingsStore(knex);
    await store.upsertBatch([prod, staging], 'demo');
    app = await routerApp({
      store,
      permissions,
      triggerSync,
    });
  });

  beforeEach(() => {
    jest.clearAllMocks();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
  });

  it('lists findings with filters, sort and paging', async () => {
    const res = await request(app).get(
      '/v1/findings?severity=CRITICAL,LOW&sort=severity&order=desc&limit=1',
    );
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(2);
    expect(res.body.items.map((f: any) => f.id)).toEqual([prod.Id]);
    const next = await request(app)
      .get('/v1/findings')
      .query({
        severity: ['CRITICAL', 'LOW'],
        limit: 1,
        cursor: res.body.nextCursor,
      });
    expect(next.body.items.map((f: any) => f.id)).toEqual([staging.Id]);
    expect(next.body.nextCursor).toBeNull();
  });

  it.each([
    ['/v1/findings?severity=SEVERE', /severity\.0: Invalid enum value/],
    [
      '/v1/findings?accountId=12345',
      /accountId\.0: must be a 12-digit AWS account id/,
    ],
    [
      '/v1/findings?limit=100000',
      /limit: Number must be less than or equal to 500/,
    ],
    ['/v1/findings?limit=ten', /limit: Expected number/],
    ['/v1/findings?colour=red', /Unrecognized key\(s\) in object: 'colour'/],
    ['/v1/findings?sort=price', /sort: Invalid enum value/],
    ['/v1/findings?cursor=not-a-cursor', /cursor: not a cursor/],
    ['/v1/findings/summary?region=moon', /region\.0: must be an AWS region/],
    [
      '/v1/findings/summary?limit=5',
      /Unrecognized key\(s\) in object: 'limit'/,
    ],
  ])('answers 400 with a clear message for %s', async (url, message) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('returns one finding by id with its raw ASFF, 404 for unknown ids', async () => {
    const res = await request(app).get(
      `/v1/findings/${encodeURIComponent(prod.Id)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.raw).toEqual(prod);
    const missing = await request(app).get('/v1/findings/nope');
    expect(missing.status).toBe(404);
  });

  it('summarizes counts', async () => {
    const res = await request(app).get(
      '/v1/findings/summary?accountId=210987654321',
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.bySeverity.CRITICAL).toBe(1);
  });

  it('scopes every read to the accounts a conditional decision allows', async () => {
    permissions.authorizeConditional.mockResolvedValue(
      inAccounts(['345678901234']),
    );
    const list = await request(app).get('/v1/findings');
    expect(list.body.items.map((f: any) => f.id)).toEqual([staging.Id]);
    const summary = await request(app).get('/v1/findings/summary');
    expect(summary.body.total).toBe(1);
    const hidden = await request(app).get(
      `/v1/findings/${encodeURIComponent(prod.Id)}`,
    );
    expect(hidden.status).toBe(404);
  });

  it('answers 403 when reading is denied', async () => {
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.DENY },
    ]);
    const res = await request(app).get('/v1/findings');
    expect(res.status).toBe(403);
    expect((await request(app).get('/v1/sync/status')).status).toBe(403);
  });

  it('reports sync status and triggers a sync only when allowed', async () => {
    const status = await request(app).get('/v1/sync/status');
    expect(status.body).toEqual({
      sources: [],
      totalStored: 2,
      detailed: true,
    });

    const accepted = await request(app).post('/v1/sync');
    expect(accepted.status).toBe(202);
    expect(triggerSync).toHaveBeenCalledTimes(1);

    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const denied = await request(app).post('/v1/sync');
    expect(denied.status).toBe(403);
    expect(triggerSync).toHaveBeenCalledTimes(1);
  });

  it('answers 404 outside the versioned routes', async () => {
    const res = await request(app).get('/findings');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/under \/v1/);
  });
});
