import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  asffFindingFixture,
  type FindingsTrends,
} from '@internal/plugin-securityhub-remediation-common';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import { FindingsTrendsService } from '../services/FindingsTrends';
import { routerApp } from './__testUtils__/routerApp';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(60_000);

const { databases } = findingsTestDatabases();

const PROD = '210987654321';
const STAGING = '345678901234';
const TODAY = '2026-12-04';

describe('GET /v1/findings/trends', () => {
  let app: express.Express;
  const permissions = mockServices.permissions.mock();

  beforeAll(async () => {
    const knex: Knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    const store = new KnexFindingsStore(knex);
    const createdAt = `${TODAY}T08:00:00.000Z`;
    await store.upsertBatch(
      [
        asffFindingFixture({
          accountId: PROD,
          severity: 'CRITICAL',
          suffix: 'p1',
        }),
        asffFindingFixture({ accountId: PROD, severity: 'HIGH', suffix: 'p2' }),
        asffFindingFixture({
          accountId: STAGING,
          severity: 'LOW',
          suffix: 's1',
        }),
      ].map(f => ({
        ...f,
        CreatedAt: createdAt,
        UpdatedAt: createdAt,
        FirstObservedAt: createdAt,
      })),
      'demo',
    );
    const trends = new FindingsTrendsService({
      db: knex,
      store,
      logger: mockServices.logger.mock(),
      now: () => new Date(`${TODAY}T12:00:00.000Z`),
    });
    await trends.record();
    app = await routerApp({ store, permissions, trends });
  });

  beforeEach(() => {
    jest.clearAllMocks();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
  });

  const today = (body: FindingsTrends) => body.days.find(d => d.date === TODAY);

  it('answers the daily counts of every account', async () => {
    const res = await request(app).get('/v1/findings/trends?days=7');
    expect(res.status).toBe(200);
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      TODAY,
    ]);
    expect(res.body.historyStartsAt).toBe('2026-09-05');
    expect(today(res.body)).toEqual({
      date: TODAY,
      open: { CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 },
      new: 3,
      resolved: 0,
      reconstructed: false,
    });
  });

  it('defaults to 90 days and narrows to one account', async () => {
    const res = await request(app).get(
      `/v1/findings/trends?accountId=${STAGING}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(90);
    expect(today(res.body)?.open).toMatchObject({ CRITICAL: 0, LOW: 1 });
    expect(today(res.body)?.new).toBe(1);
  });

  it('sums only the accounts a conditional decision allows', async () => {
    permissions.authorizeConditional.mockResolvedValue(inAccounts([STAGING]));
    const all = await request(app).get('/v1/findings/trends?days=1');
    expect(today(all.body)).toMatchObject({
      open: { CRITICAL: 0, HIGH: 0, LOW: 1 },
      new: 1,
    });
    // Asking for an account out of scope shows nothing of it.
    const other = await request(app).get(
      `/v1/findings/trends?days=1&accountId=${PROD}`,
    );
    expect(today(other.body)).toMatchObject({
      open: { CRITICAL: 0, HIGH: 0, LOW: 0 },
      new: 0,
    });
  });

  it("reconstructs a service's days from its resources, in the caller's scope", async () => {
    const prefix = encodeURIComponent('arn:aws:s3:::example-bucket-p');
    const res = await request(app).get(
      `/v1/findings/trends?days=7&resourceIdPrefix=${prefix}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.computedOnRequest).toBe(true);
    expect(today(res.body)).toEqual({
      date: TODAY,
      open: { CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
      new: 2,
      resolved: 0,
      reconstructed: true,
    });

    permissions.authorizeConditional.mockResolvedValue(inAccounts([STAGING]));
    const scoped = await request(app).get(
      `/v1/findings/trends?days=7&resourceIdPrefix=${prefix}`,
    );
    expect(today(scoped.body)?.new).toBe(0);
  });

  it('answers 403 to a caller who may not read findings', async () => {
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.DENY },
    ]);
    const res = await request(app).get('/v1/findings/trends');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not allowed to read/);
  });

  it.each([
    ['days=0', /days: must be at least 1/],
    ['days=366', /days: must be at most 365/],
    ['days=1.5', /days: must be a whole number of days/],
    ['days=week', /days: must be a whole number of days/],
    ['accountId=12345', /accountId: must be a 12-digit AWS account id/],
    ['severity=HIGH', /Unrecognized key\(s\) in object: 'severity'/],
    ['resourceTag=team', /resourceTag\.0: must be a resource tag as key=value/],
  ])('answers 400 with a clear message for %s', async (query, message) => {
    const res = await request(app).get(`/v1/findings/trends?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});
