import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  asffFindingFixture,
  securityHubRemediationApprovePermission,
} from '@internal/plugin-securityhub-remediation-common';
import {
  LocalFindingVerifier,
  createRemediationDelivery,
  createRemediationEngine,
  type RemediationDelivery,
} from '@internal/plugin-securityhub-remediation-node';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import {
  KnexRemediationStore,
  RemediationService,
} from '../services/Remediations';
import { routerApp } from './__testUtils__/routerApp';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(120_000);

const { databases } = findingsTestDatabases();

const SUBMITTER = 'user:default/sam';
const APPROVER = 'user:default/dana';
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

const failing = asffFindingFixture({
  accountId: '210987654321',
  controlId: 'S3.5',
  complianceStatus: 'FAILED',
  resourceType: 'AwsS3Bucket',
  resourceId: 'arn:aws:s3:::payments-prod-logs',
  suffix: 'failing',
});
const passed = asffFindingFixture({
  accountId: '210987654321',
  controlId: 'S3.5',
  complianceStatus: 'PASSED',
  resourceType: 'AwsS3Bucket',
  resourceId: 'arn:aws:s3:::payments-prod-assets',
  suffix: 'passed',
});
const otherAccount = asffFindingFixture({
  accountId: '345678901234',
  controlId: 'S3.5',
  complianceStatus: 'FAILED',
  resourceType: 'AwsS3Bucket',
  resourceId: 'arn:aws:s3:::staging-logs',
  suffix: 'other',
});

describe('remediations routes', () => {
  let knex: Knex;
  let dir: string;
  let app: express.Express;
  let service: RemediationService;
  let delivery: RemediationDelivery;
  const permissions = mockServices.permissions.mock();
  const auditor = mockServices.auditor.mock();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'remediations-router-'));
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    const store = new KnexFindingsStore(knex);
    await store.upsertBatch([failing, passed, otherAccount], 'demo');
    const engine = await createRemediationEngine(new ConfigReader({}));
    delivery = await createRemediationDelivery(
      new ConfigReader({
        securityHubRemediation: {
          delivery: { local: { directory: dir, cfnLint: 'off' } },
        },
      }),
      { validate: engine.validate },
    );
    service = new RemediationService({
      store: new KnexRemediationStore(knex),
      findings: store,
      engine,
      ...delivery,
      verifier: new LocalFindingVerifier({ updater: store }),
      allowSelfApproval: false,
      logger: mockServices.logger.mock(),
    });
    app = await routerApp({
      store,
      permissions,
      remediations: service,
      auditor,
    });
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    jest.clearAllMocks();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    // Only the approver may approve; everything else is allowed.
    permissions.authorize.mockImplementation(async (requests, options) =>
      requests.map(r => ({
        result:
          r.permission.name !== securityHubRemediationApprovePermission.name ||
          (options.credentials.principal as any).userEntityRef === APPROVER
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
  });

  async function followUpUntil(id: string, statuses: string[]) {
    for (let i = 0; i < 50; i++) {
      await service.followUpDue({ owner: 'test' });
      const res = await request(app)
        .get(`/v1/remediations/${id}`)
        .set(as(SUBMITTER));
      if (statuses.includes(res.body.status)) return res.body;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error(`remediation ${id} never reached ${statuses.join('/')}`);
  }

  it('takes a failing finding through approval to a verified fix', async () => {
    const preview = await request(app)
      .post('/v1/remediations/preview')
      .set(as(SUBMITTER))
      .send({ findingId: failing.Id });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      controlId: 'S3.5',
      automationKind: 'aws-runbook',
      validation: { valid: true },
    });
    expect(preview.body.blockedReason).toBeUndefined();
    expect(preview.body.changePreview.accounts).toEqual(['210987654321']);

    const created = await request(app)
      .post('/v1/remediations')
      .set(as(SUBMITTER))
      .send({ findingId: failing.Id, templateHash: preview.body.templateHash });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'staged',
      submittedBy: SUBMITTER,
      repository: { mode: 'local', branch: 'main' },
    });
    expect(created.body.repository.commitId).toMatch(/^[0-9a-f]{40}$/);
    expect(created.body.repository.files).toEqual([
      `deploy/${preview.body.name}.yaml`,
      `deploy/parameters/${preview.body.name}-params.json`,
    ]);
    const id = created.body.id;
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'remediation-submit' }),
    );

    // A second submit of the same finding is refused while this one is open.
    const again = await request(app)
      .post('/v1/remediations')
      .set(as(SUBMITTER))
      .send({ findingId: failing.Id, templateHash: preview.body.templateHash });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(id);

    const waiting = await followUpUntil(id, ['awaiting_approval']);
    expect(waiting.approvalToken).toEqual(expect.any(String));

    // The submitter may not approve their own remediation, nor may someone
    // without the approve permission; a stale token is refused.
    const self = await request(app)
      .post(`/v1/remediations/${id}/decision`)
      .set(as(SUBMITTER))
      .send({ decision: 'approve', approvalToken: waiting.approvalToken });
    expect(self.status).toBe(403);
    const stale = await request(app)
      .post(`/v1/remediations/${id}/decision`)
      .set(as(APPROVER))
      .send({ decision: 'approve', approvalToken: 'not-the-token' });
    expect(stale.status).toBe(409);
    const rejectWithoutComment = await request(app)
      .post(`/v1/remediations/${id}/decision`)
      .set(as(APPROVER))
      .send({ decision: 'reject', approvalToken: waiting.approvalToken });
    expect(rejectWithoutComment.status).toBe(400);
    expect(rejectWithoutComment.body.error.message).toContain('comment');

    const approved = await request(app)
      .post(`/v1/remediations/${id}/decision`)
      .set(as(APPROVER))
      .send({
        decision: 'approve',
        comment: 'Bucket policy change reviewed',
        approvalToken: waiting.approvalToken,
      });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({
      decision: 'approved',
      by: APPROVER,
      comment: 'Bucket policy change reviewed',
    });

    const verified = await followUpUntil(id, ['verified', 'failed']);
    expect(verified.status).toBe('verified');
    expect(verified.deploy).toMatchObject({
      mode: 'local',
      applied: false,
      accounts: ['210987654321'],
    });
    expect(verified.automation.mode).toBe('local');
    expect(verified.verification).toMatchObject({
      complianceStatus: 'PASSED',
      mode: 'local',
    });
    const finding = await request(app)
      .get(`/v1/findings/${encodeURIComponent(failing.Id)}`)
      .set(as(SUBMITTER));
    expect(finding.body.complianceStatus).toBe('PASSED');

    const list = await request(app)
      .get(`/v1/remediations?findingId=${encodeURIComponent(failing.Id)}`)
      .set(as(SUBMITTER));
    expect(list.body.items.map((r: any) => r.id)).toEqual([id]);
  });

  it('refuses a PASSED finding and a changed template, leaving nothing behind', async () => {
    const preview = await request(app)
      .post('/v1/remediations/preview')
      .set(as(SUBMITTER))
      .send({ findingId: passed.Id });
    expect(preview.body.blockedReason).toMatch(/PASSED|not failing/i);
    const refused = await request(app)
      .post('/v1/remediations')
      .set(as(SUBMITTER))
      .send({ findingId: passed.Id, templateHash: 'a'.repeat(64) });
    expect(refused.status).toBe(409);

    const mismatch = await request(app)
      .post('/v1/remediations')
      .set(as(SUBMITTER))
      .send({ findingId: otherAccount.Id, templateHash: 'b'.repeat(64) });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.message).toMatch(
      /changed since it was reviewed/,
    );

    const list = await request(app)
      .get('/v1/remediations?open=true')
      .set(as(SUBMITTER));
    expect(
      list.body.items.filter((r: any) => r.findingId !== failing.Id),
    ).toEqual([]);
  });

  it('answers a person-readable 400 for malformed input', async () => {
    const badId = await request(app)
      .get('/v1/remediations/..%2F..%2Fetc')
      .set(as(SUBMITTER));
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/remediation id/);
    const badHash = await request(app)
      .post('/v1/remediations')
      .set(as(SUBMITTER))
      .send({ findingId: failing.Id, templateHash: '../x' });
    expect(badHash.status).toBe(400);
    expect(badHash.body.error.message).toMatch(/sha256/);
    const unknownField = await request(app)
      .post('/v1/remediations/preview')
      .set(as(SUBMITTER))
      .send({ findingId: failing.Id, stackName: '../evil' });
    expect(unknownField.status).toBe(400);
  });

  it('shows a user only the remediations of accounts they may read', async () => {
    permissions.authorizeConditional.mockResolvedValue(
      inAccounts(['345678901234']),
    );
    const list = await request(app).get('/v1/remediations').set(as(APPROVER));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const all = await service.list({}, undefined);
    const hidden = all.items[0];
    const one = await request(app)
      .get(`/v1/remediations/${hidden.id}`)
      .set(as(APPROVER));
    expect(one.status).toBe(404);
    const preview = await request(app)
      .post('/v1/remediations/preview')
      .set(as(APPROVER))
      .send({ findingId: failing.Id });
    expect(preview.status).toBe(404);
  });

  it('needs the create permission to submit', async () => {
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const res = await request(app)
      .post('/v1/remediations')
      .set(as(SUBMITTER))
      .send({ findingId: otherAccount.Id, templateHash: 'c'.repeat(64) });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to submit remediations',
    );
  });
});
