import type { Knex } from 'knex';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

describe.each(ids)('KnexFindingsStore.markPassedLocally on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;
  // UpdatedAt in the future of the test run: the mark must still be newer.
  const failing = asffFindingFixture({
    complianceStatus: 'FAILED',
    updatedAt: new Date(Date.now() + 3_600_000).toISOString(),
  });

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(async () => {
    await knex('securityhub_finding_details').delete();
    await knex('securityhub_findings').delete();
    await store.upsertBatch([failing], 'demo');
  });

  it('marks the finding PASSED with a note, and a sync of the older version keeps it', async () => {
    const note =
      'Marked PASSED by a local run of remediation r-1; nothing was changed in AWS.';
    await expect(store.markPassedLocally(failing.Id, note)).resolves.toBe(
      'PASSED',
    );

    const marked = (await store.get(failing.Id, undefined))!;
    expect(marked).toMatchObject({
      complianceStatus: 'PASSED',
      workflowStatus: 'RESOLVED',
      sourceId: 'demo',
    });
    expect(marked.resolvedAt).not.toBeNull();
    expect(Date.parse(marked.updatedAt)).toBeGreaterThan(
      Date.parse(failing.UpdatedAt),
    );
    expect(marked.raw).toMatchObject({
      Compliance: { Status: 'PASSED', SecurityControlId: 'S3.5' },
      Note: { Text: note, UpdatedBy: expect.stringContaining('local run') },
      UpdatedAt: marked.updatedAt,
    });

    // The next sync reads the unchanged source file again.
    expect((await store.upsertBatch([failing], 'demo')).written).toBe(0);
    expect((await store.get(failing.Id, undefined))?.complianceStatus).toBe(
      'PASSED',
    );
  });

  it('answers UNKNOWN for a finding it does not hold', async () => {
    await expect(store.markPassedLocally('arn:missing', 'note')).resolves.toBe(
      'UNKNOWN',
    );
  });
});
