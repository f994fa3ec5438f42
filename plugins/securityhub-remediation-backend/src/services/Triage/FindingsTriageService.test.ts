import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  asffFindingFixture,
  type FindingTriageResult,
} from '@internal/plugin-securityhub-remediation-common';
import {
  LocalFindingsTriageWriter,
  type FindingsTriageUpdate,
} from '@internal/plugin-securityhub-remediation-node';
import type { Knex } from 'knex';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from '../FindingsStore';
import {
  FindingsTriageService,
  type SecurityHubTriageWriter,
} from './FindingsTriageService';
import { securityHubTriageWriterFromConfig } from './securityHubTriageWriterFromConfig';

jest.setTimeout(60_000);

const { databases } = findingsTestDatabases();

const fromHub = asffFindingFixture({
  accountId: '222222222222',
  suffix: 'hub',
});
const fromFile = asffFindingFixture({
  accountId: '111111111111',
  suffix: 'file',
});

/** Security Hub as the port sees it: accepts every finding, records the calls. */
class AcceptingSecurityHub implements SecurityHubTriageWriter {
  readonly mode = 'securityhub' as const;
  readonly updates: FindingsTriageUpdate[] = [];
  handles(sourceId: string) {
    return sourceId === 'hub:us-east-1';
  }
  async applyTriage(
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    this.updates.push(update);
    return update.findings.map(f => ({
      findingId: f.findingId,
      status: 'updated',
    }));
  }
}

describe('FindingsTriageService', () => {
  let knex: Knex;
  let store: KnexFindingsStore;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    jest.clearAllMocks();
    await clearFindingsDatabase(knex);
    await store.upsertBatch([fromHub], 'hub:us-east-1');
    await store.upsertBatch([fromFile], 'files');
  });

  it('sends each finding to where its source keeps it, with what addresses it there', async () => {
    const securityHub = new AcceptingSecurityHub();
    const service = new FindingsTriageService({
      store,
      securityHub,
      local: new LocalFindingsTriageWriter(store),
      logger,
    });
    const answer = await service.triage(
      { findingIds: [fromFile.Id, fromHub.Id], workflowStatus: 'RESOLVED' },
      { scope: undefined, updatedBy: 'user:default/alice' },
    );
    expect(answer).toMatchObject({ updated: 2, failed: 0 });
    expect(securityHub.updates).toEqual([
      {
        findings: [
          {
            findingId: fromHub.Id,
            productArn: fromHub.ProductArn,
            accountId: '222222222222',
            region: 'us-east-1',
            sourceId: 'hub:us-east-1',
          },
        ],
        change: { workflowStatus: 'RESOLVED', note: undefined },
        updatedBy: 'user:default/alice',
      },
    ]);
    for (const id of [fromHub.Id, fromFile.Id]) {
      expect((await store.get(id, undefined))?.workflowStatus).toBe('RESOLVED');
    }
  });

  it('keeps a Security Hub update reported as updated when the store write-through fails', async () => {
    const failingStore = Object.create(store) as KnexFindingsStore;
    failingStore.writeTriage = async () => {
      throw new Error('database is locked');
    };
    const service = new FindingsTriageService({
      store: failingStore,
      securityHub: new AcceptingSecurityHub(),
      local: new LocalFindingsTriageWriter(store),
      logger,
    });
    const answer = await service.triage(
      { findingIds: [fromHub.Id], note: 'Checked' },
      { scope: undefined, updatedBy: 'user:default/alice' },
    );
    expect(answer.results).toEqual([
      { findingId: fromHub.Id, status: 'updated' },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('the next sync brings it'),
    );
  });

  it('writes everything locally when no Security Hub source is configured', async () => {
    const securityHub = await securityHubTriageWriterFromConfig(
      new ConfigReader({
        securityHubRemediation: {
          findings: {
            sources: [{ id: 'files', type: 'asff-files', path: '/tmp' }],
          },
        },
      }),
    );
    expect(securityHub).toBeUndefined();
    const service = new FindingsTriageService({
      store,
      local: new LocalFindingsTriageWriter(store),
      logger,
    });
    const answer = await service.triage(
      { findingIds: [fromHub.Id, fromFile.Id], workflowStatus: 'NOTIFIED' },
      {
        scope: { awsAccountIds: ['111111111111'] },
        updatedBy: 'user:default/bob',
      },
    );
    // Out of scope reads as absent.
    expect(answer.results).toEqual([
      {
        findingId: fromHub.Id,
        status: 'failed',
        reason: `No finding with id ${fromHub.Id}`,
      },
      { findingId: fromFile.Id, status: 'updated' },
    ]);
    expect((await store.get(fromHub.Id, undefined))?.workflowStatus).toBe(
      'NEW',
    );
  });

  it('builds the Security Hub write-back from the securityhub sources only', async () => {
    const writer = await securityHubTriageWriterFromConfig(
      new ConfigReader({
        securityHubRemediation: {
          findings: {
            sources: [
              { id: 'files', type: 'asff-files', path: '/tmp' },
              {
                id: 'hub',
                type: 'securityhub',
                accountId: '222222222222',
                regions: ['us-east-1'],
              },
            ],
          },
        },
      }),
      {
        credentialsManager: {
          getCredentialProvider: async () => ({
            accountId: '222222222222',
            sdkCredentialProvider: async () => ({
              accessKeyId: 'testing',
              secretAccessKey: 'testing',
            }),
          }),
        },
      },
    );
    expect(writer?.handles('hub:us-east-1')).toBe(true);
    expect(writer?.handles('files')).toBe(false);
  });
});
