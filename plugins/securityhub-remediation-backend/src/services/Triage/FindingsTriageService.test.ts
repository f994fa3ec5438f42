import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  asffFindingFixture,
  type FindingTriageResult,
} from '@internal/plugin-securityhub-remediation-common';
import {
  createSecurityHubClient,
  LocalFindingsTriageWriter,
  ocsfToAsffFinding,
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
const OCSF_PRODUCT_UID =
  'arn:aws:securityhub:us-east-1::productv2/aws/securityhub';
/** As the new Security Hub returns it from GetFindingsV2, stored translated. */
const fromOcsfHub = ocsfToAsffFinding({
  class_uid: 2003,
  status_id: 1,
  metadata: {
    version: '1.6.0',
    uid: 'metadata-uid-1',
    product: { name: 'Security Hub', uid: OCSF_PRODUCT_UID },
  },
  finding_info: {
    uid: 'arn:aws:securityhub:us-east-1:333333333333:security-control/S3.1/finding/ocsf-1',
    title: 'S3 buckets should block public access',
    created_time_dt: '2025-01-01T12:00:00.000Z',
  },
  cloud: { account: { uid: '333333333333' }, region: 'us-east-1' },
  resources: [{ type: 'AWS::S3::Bucket', uid: 'arn:aws:s3:::bucket' }],
});

const credentialsManager = {
  getCredentialProvider: async () => ({
    accountId: '222222222222',
    sdkCredentialProvider: async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    }),
  }),
};

/** Security Hub's HTTP API as the SDK clients reach it: records each call, accepts every finding. */
function recordingSecurityHub() {
  const calls: Array<{ path: string; body: Record<string, any> }> = [];
  const requestHandler = {
    handle: async (request: { path: string; body?: string }) => {
      calls.push({
        path: request.path,
        body: JSON.parse(request.body ?? '{}'),
      });
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: new TextEncoder().encode(
            JSON.stringify({ ProcessedFindings: [], UnprocessedFindings: [] }),
          ),
        },
      };
    },
  };
  return { calls, requestHandler };
}

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
    await store.upsertBatch([fromOcsfHub], 'ocsf:us-east-1');
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
      expect.stringContaining(
        'a sync that reads a newer version of the finding brings it',
      ),
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

describe('FindingsTriageService with the write-back built from config', () => {
  let knex: Knex;
  let store: KnexFindingsStore;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    await clearFindingsDatabase(knex);
    await store.upsertBatch([fromHub], 'hub:us-east-1');
    await store.upsertBatch([fromFile], 'files');
    await store.upsertBatch([fromOcsfHub], 'ocsf:us-east-1');
  });

  it('sends OCSF findings to BatchUpdateFindingsV2, ASFF findings to BatchUpdateFindings, and file findings to the store only', async () => {
    const securityHub = recordingSecurityHub();
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
              {
                id: 'ocsf',
                type: 'securityhub-ocsf',
                accountId: '333333333333',
                regions: ['us-east-1'],
              },
            ],
          },
        },
      }),
      {
        credentialsManager,
        clientFactory: (region, credentials) =>
          createSecurityHubClient({
            region,
            credentials,
            requestHandler: securityHub.requestHandler,
          }),
      },
    );
    expect(writer?.mode).toBe('securityhub');
    const service = new FindingsTriageService({
      store,
      securityHub: writer,
      local: new LocalFindingsTriageWriter(store),
      logger,
    });

    const answer = await service.triage(
      {
        findingIds: [fromOcsfHub.Id, fromHub.Id, fromFile.Id],
        workflowStatus: 'SUPPRESSED',
        note: 'Accepted risk',
      },
      { scope: undefined, updatedBy: 'user:default/alice' },
    );

    expect(answer).toMatchObject({ updated: 3, failed: 0 });
    const byPath = Object.fromEntries(
      securityHub.calls.map(c => [c.path, c.body]),
    );
    expect(securityHub.calls).toHaveLength(2);
    expect(byPath['/findingsv2/batchupdatev2']).toEqual({
      FindingIdentifiers: [
        {
          CloudAccountUid: '333333333333',
          FindingInfoUid: fromOcsfHub.Id,
          MetadataProductUid: OCSF_PRODUCT_UID,
        },
      ],
      StatusId: 3,
      Comment: '[user:default/alice] Accepted risk',
    });
    expect(byPath['/findings/batchupdate']).toEqual({
      FindingIdentifiers: [{ Id: fromHub.Id, ProductArn: fromHub.ProductArn }],
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Accepted risk', UpdatedBy: 'user:default/alice' },
    });
    for (const id of [fromOcsfHub.Id, fromHub.Id, fromFile.Id]) {
      expect((await store.get(id, undefined))?.workflowStatus).toBe(
        'SUPPRESSED',
      );
    }
  });

  it('writes OCSF findings back when the only Security Hub source is securityhub-ocsf', async () => {
    const writer = await securityHubTriageWriterFromConfig(
      new ConfigReader({
        securityHubRemediation: {
          findings: {
            sources: [
              {
                id: 'ocsf',
                type: 'securityhub-ocsf',
                regions: ['us-east-1'],
              },
            ],
          },
        },
      }),
      { credentialsManager },
    );
    expect(writer?.handles('ocsf:us-east-1')).toBe(true);
    expect(writer?.handles('hub:us-east-1')).toBe(false);
  });
});
