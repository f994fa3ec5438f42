import express from 'express';
import request from 'supertest';
import type { Knex } from 'knex';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  asffFindingFixture,
  securityHubFindingUpdatePermission,
  type FindingTriageResult,
} from '@internal/plugin-securityhub-remediation-common';
import {
  LocalFindingsTriageWriter,
  type FindingsTriageUpdate,
} from '@internal/plugin-securityhub-remediation-node';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../services/FindingsStore';
import {
  FindingsTriageService,
  type SecurityHubTriageWriter,
} from '../services/Triage';
import { routerApp } from './__testUtils__/routerApp';
import { inAccounts } from '../__testUtils__/inAccounts';

jest.setTimeout(60_000);

const { databases } = findingsTestDatabases();

const USER = 'user:default/alice';
const asUser = { Authorization: mockCredentials.user.header(USER) };

const fromFile = asffFindingFixture({
  accountId: '111111111111',
  suffix: 'file',
});
const fromHub = asffFindingFixture({
  accountId: '222222222222',
  suffix: 'hub',
});
const rejectedByHub = asffFindingFixture({
  accountId: '222222222222',
  suffix: 'rejected',
});
const otherAccount = asffFindingFixture({
  accountId: '333333333333',
  suffix: 'other',
});

/**
 * Security Hub as the port sees it: records what it is asked and refuses
 * one finding the way BatchUpdateFindings reports an unprocessed one.
 */
class RecordingSecurityHub implements SecurityHubTriageWriter {
  readonly mode = 'securityhub' as const;
  readonly updates: FindingsTriageUpdate[] = [];
  handles(sourceId: string) {
    return sourceId === 'hub:us-east-1';
  }
  async applyTriage(
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    this.updates.push(update);
    return update.findings.map(({ findingId }) =>
      findingId === rejectedByHub.Id
        ? {
            findingId,
            status: 'failed',
            reason:
              'Security Hub did not update it: FindingNotFound: Finding Not Found',
          }
        : { findingId, status: 'updated' },
    );
  }
}

describe('POST /v1/findings/triage', () => {
  let knex: Knex;
  let store: KnexFindingsStore;
  let app: express.Express;
  let securityHub: RecordingSecurityHub;
  const permissions = mockServices.permissions.mock();
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    jest.clearAllMocks();
    await clearFindingsDatabase(knex);
    await store.upsertBatch([fromFile, otherAccount], 'files');
    await store.upsertBatch([fromHub, rejectedByHub], 'hub:us-east-1');
    securityHub = new RecordingSecurityHub();
    auditor.createEvent.mockResolvedValue(auditEvent);
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    app = await routerApp({
      store,
      permissions,
      auditor,
      triage: new FindingsTriageService({
        store,
        securityHub,
        local: new LocalFindingsTriageWriter(store),
        logger: mockServices.logger.mock(),
      }),
    });
  });

  /** Read allowed everywhere; update only in the given accounts. */
  function updateOnlyIn(accountIds: string[]) {
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(r =>
        r.permission.name === securityHubFindingUpdatePermission.name
          ? inAccounts(accountIds)[0]
          : { result: AuthorizeResult.ALLOW },
      ),
    );
  }

  it('writes Security Hub findings back and file findings to the store, with the user in the note', async () => {
    const res = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({
        findingIds: [fromFile.Id, fromHub.Id],
        workflowStatus: 'SUPPRESSED',
        note: '  Accepted risk until Q3  ',
      });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        { findingId: fromFile.Id, status: 'updated' },
        { findingId: fromHub.Id, status: 'updated' },
      ],
      updated: 2,
      failed: 0,
    });
    expect(securityHub.updates).toEqual([
      expect.objectContaining({
        findings: [expect.objectContaining({ findingId: fromHub.Id })],
        change: {
          workflowStatus: 'SUPPRESSED',
          note: 'Accepted risk until Q3',
        },
        updatedBy: USER,
      }),
    ]);
    for (const id of [fromFile.Id, fromHub.Id]) {
      const stored = (await store.get(id, undefined))!;
      expect(stored.workflowStatus).toBe('SUPPRESSED');
      expect(stored.raw).toMatchObject({
        Note: { Text: 'Accepted risk until Q3', UpdatedBy: USER },
      });
    }
    expect((await store.summary({}, undefined)).byWorkflowStatus).toMatchObject(
      { SUPPRESSED: 2, NEW: 2 },
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'finding-triage',
        meta: expect.objectContaining({
          findingIds: [fromFile.Id, fromHub.Id],
          workflowStatus: 'SUPPRESSED',
        }),
      }),
    );
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ updated: 2, failed: 0 }),
    });
  });

  it('answers a partial failure finding by finding, and audits it as failed', async () => {
    const res = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({
        findingIds: [fromHub.Id, rejectedByHub.Id, 'arn:aws:missing'],
        workflowStatus: 'NOTIFIED',
      });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ updated: 1, failed: 2 });
    expect(res.body.results).toEqual([
      { findingId: fromHub.Id, status: 'updated' },
      {
        findingId: rejectedByHub.Id,
        status: 'failed',
        reason: expect.stringContaining('FindingNotFound'),
      },
      {
        findingId: 'arn:aws:missing',
        status: 'failed',
        reason: 'No finding with id arn:aws:missing',
      },
    ]);
    // Only what Security Hub updated is written through.
    expect((await store.get(fromHub.Id, undefined))?.workflowStatus).toBe(
      'NOTIFIED',
    );
    expect((await store.get(rejectedByHub.Id, undefined))?.workflowStatus).toBe(
      'NEW',
    );
    expect(auditEvent.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({
        message: '2 of 3 finding(s) were not updated',
      }),
      meta: expect.objectContaining({ updated: 1, failed: 2 }),
    });
  });

  it('answers 400 with what is wrong in the body', async () => {
    const noChange = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({ findingIds: [fromFile.Id] });
    expect(noChange.status).toBe(400);
    expect(noChange.body.error.message).toContain(
      'set a workflowStatus, a note, or both',
    );

    const badStatus = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({ findingIds: [fromFile.Id], workflowStatus: 'CLOSED' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toMatch(/workflowStatus/);

    const longNote = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({ findingIds: [fromFile.Id], note: 'x'.repeat(513) });
    expect(longNote.status).toBe(400);
    expect(longNote.body.error.message).toContain('at most 512 characters');

    const repeated = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({ findingIds: [fromFile.Id, fromFile.Id], note: 'x' });
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.message).toContain('must not repeat');
    expect(securityHub.updates).toEqual([]);
  });

  it('answers 403 without the update permission, and to a service', async () => {
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          r.permission.name === securityHubFindingUpdatePermission.name
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const denied = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({ findingIds: [fromFile.Id], workflowStatus: 'RESOLVED' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('securityhub.finding.update');
    expect(auditEvent.fail).toHaveBeenCalled();

    const service = await request(app)
      .post('/v1/findings/triage')
      .set({ Authorization: mockCredentials.service.header() })
      .send({ findingIds: [fromFile.Id], workflowStatus: 'RESOLVED' });
    expect(service.status).toBe(403);
    expect((await store.get(fromFile.Id, undefined))?.workflowStatus).toBe(
      'NEW',
    );
  });

  it('answers 404 for findings outside the accounts the user may update, without disclosing them', async () => {
    updateOnlyIn(['111111111111']);
    const outOfScope = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({ findingIds: [otherAccount.Id], workflowStatus: 'RESOLVED' });
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.body.error.message).toBe(
      `No finding with id ${otherAccount.Id}`,
    );

    const mixed = await request(app)
      .post('/v1/findings/triage')
      .set(asUser)
      .send({
        findingIds: [fromFile.Id, otherAccount.Id],
        workflowStatus: 'RESOLVED',
      });
    expect(mixed.status).toBe(200);
    expect(mixed.body.results[1]).toEqual({
      findingId: otherAccount.Id,
      status: 'failed',
      reason: `No finding with id ${otherAccount.Id}`,
    });
    expect((await store.get(otherAccount.Id, undefined))?.workflowStatus).toBe(
      'NEW',
    );
  });
});
