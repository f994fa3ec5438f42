import type { Knex } from 'knex';
import {
  asffFindingFixture,
  findingsListQuerySchema,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

const query = (input: Record<string, unknown> = {}) =>
  findingsListQuerySchema.parse(input);

describe.each(ids)('KnexFindingsStore on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  it('stores findings with their raw document and observation times', async () => {
    const finding = asffFindingFixture({ resourceId: 'arn:aws:s3:::invoices' });
    const seen = new Date('2026-11-21T00:00:00.000Z');
    const result = await store.upsertBatch([finding], 'demo', seen);
    expect(result).toEqual({
      written: 1,
      read: 1,
      maxUpdatedAt: finding.UpdatedAt,
    });

    const stored = await store.get(finding.Id, undefined);
    expect(stored).toMatchObject({
      id: finding.Id,
      controlId: 'S3.5',
      severity: 'MEDIUM',
      complianceStatus: 'FAILED',
      resourceType: 'AwsS3Bucket',
      resourceId: 'arn:aws:s3:::invoices',
      firstSeenAt: seen.toISOString(),
      lastSeenAt: seen.toISOString(),
      resolvedAt: null,
      sourceId: 'demo',
    });
    expect(stored?.raw).toEqual(finding);
  });

  it('keeps the newest version, first seen time, and tracks resolution', async () => {
    const open = asffFindingFixture({ updatedAt: '2026-11-01T00:00:00.000Z' });
    await store.upsertBatch([open], 'demo', new Date('2026-11-01T01:00:00Z'));

    const passed = asffFindingFixture({
      updatedAt: '2026-11-05T00:00:00.000Z',
      complianceStatus: 'PASSED',
      severity: 'INFORMATIONAL',
    });
    await store.upsertBatch([passed], 'demo', new Date('2026-11-05T01:00:00Z'));
    let stored = await store.get(open.Id, undefined);
    expect(stored).toMatchObject({
      complianceStatus: 'PASSED',
      firstSeenAt: '2026-11-01T01:00:00.000Z',
      lastSeenAt: '2026-11-05T01:00:00.000Z',
      resolvedAt: '2026-11-05T00:00:00.000Z',
    });

    // An older copy (e.g. a stale export file) must not roll the finding back.
    const written = await store.upsertBatch([open], 'demo');
    expect(written.written).toBe(0);
    stored = await store.get(open.Id, undefined);
    expect(stored?.complianceStatus).toBe('PASSED');
    expect(stored?.raw.UpdatedAt).toBe('2026-11-05T00:00:00.000Z');

    const reopened = asffFindingFixture({
      updatedAt: '2026-11-09T00:00:00.000Z',
    });
    await store.upsertBatch([reopened], 'demo');
    stored = await store.get(open.Id, undefined);
    expect(stored).toMatchObject({
      complianceStatus: 'FAILED',
      resolvedAt: null,
    });
  });

  it('writes a batch all or nothing', async () => {
    const good = dataset().slice(0, 100);
    const broken = { ...asffFindingFixture({ suffix: 'broken' }), Title: null };
    // 450 rows span two INSERT statements; the second one fails.
    const batch = [
      ...dataset(),
      ...dataset().map((f, i) => ({ ...f, Id: `${f.Id}-copy-${i}` })),
      ...dataset().map((f, i) => ({ ...f, Id: `${f.Id}-again-${i}` })),
      ...good.map((f, i) => ({ ...f, Id: `${f.Id}-more-${i}` })),
      broken as unknown as AsffFinding,
    ];
    // Matched on the message: better-sqlite3 builds its errors with the class
    // of the first test file that loaded it, which is no `Error` of this
    // file's realm, so `rejects.toThrow()` would not recognise them.
    await expect(store.upsertBatch(batch, 'demo')).rejects.toMatchObject({
      message: expect.stringMatching(/null/i),
    });
    expect(await store.count()).toBe(0);
  });

  it('filters by every field and by free text', async () => {
    await store.upsertBatch(dataset(), 'demo');
    const total = (input: Record<string, unknown>) =>
      store.list(query(input), undefined).then(p => p.totalCount);

    expect(await total({})).toBe(120);
    expect(await total({ accountId: '111111111111' })).toBe(40);
    expect(await total({ accountId: ['111111111111', '222222222222'] })).toBe(
      80,
    );
    expect(await total({ region: 'eu-west-1' })).toBe(60);
    expect(await total({ controlId: 'EC2.19' })).toBe(30);
    expect(await total({ resourceType: 'AwsEc2SecurityGroup' })).toBe(30);
    expect(await total({ complianceStatus: 'PASSED' })).toBe(24);
    expect(await total({ severity: 'INFORMATIONAL' })).toBe(24);
    expect(await total({ workflowStatus: 'SUPPRESSED' })).toBe(18);
    expect(await total({ recordState: 'ARCHIVED' })).toBe(11);
    expect(await total({ q: 'SG-00000004' })).toBe(1);
    expect(await total({ q: 'high risk ports' })).toBe(30);
    expect(await total({ q: 'ledger-1' })).toBe(
      dataset().filter(f => f.Resources[0].Id.includes('ledger-1')).length,
    );
    // LIKE wildcards in user text match literally.
    expect(await total({ q: '%' })).toBe(0);
    expect(await total({ q: 'ledger_1' })).toBe(0);
  });

  it('finds findings by their current text after updates and deletes', async () => {
    const [first, second] = dataset();
    await store.upsertBatch([first, second], 'demo');
    const total = (q: string) =>
      store.list(query({ q }), undefined).then(p => p.totalCount);
    expect(await total(first.Title.slice(0, 12))).toBeGreaterThan(0);

    const renamed = {
      ...first,
      Title: 'Quokka rename check',
      UpdatedAt: new Date(Date.parse(first.UpdatedAt) + 1000).toISOString(),
    };
    await store.upsertBatch([renamed], 'demo');
    expect(await total('quokka')).toBe(1);
    expect(await total('QUOKKA rename')).toBe(1);
    await knex('securityhub_findings').where('id', first.Id).delete();
    expect(await total('quokka')).toBe(0);
  });

  it.each([
    ['severity', 'desc'],
    ['updatedAt', 'asc'],
    ['controlId', 'asc'],
    ['awsAccountId', 'desc'],
    ['title', 'asc'],
    ['firstSeenAt', 'desc'],
  ])('pages by %s %s without gaps or repeats', async (sort, order) => {
    const findings = dataset();
    await store.upsertBatch(findings, 'demo');
    const seen: string[] = [];
    const keys: Array<string | number> = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(
        query({ sort, order, limit: 17, cursor }),
        undefined,
      );
      expect(page.totalCount).toBe(120);
      for (const item of page.items) {
        seen.push(item.id);
        if (sort === 'severity') keys.push(SEVERITIES.indexOf(item.severity));
        if (sort === 'updatedAt') keys.push(item.updatedAt);
        if (sort === 'firstSeenAt') keys.push(item.firstSeenAt);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // Numeric and ISO-timestamp keys must come back monotonic in the asked order.
    const sorted = [...keys].sort((a, b) => {
      if (a === b) return 0;
      return a < b ? -1 : 1;
    });
    expect(keys).toEqual(order === 'asc' ? sorted : sorted.reverse());
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('orders severity from critical down', async () => {
    await store.upsertBatch(dataset(), 'demo');
    const page = await store.list(query({ limit: 200 }), undefined);
    const ranks = page.items.map(f => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('jumps to a page by offset: the rows cursors reach, and a cursor onward', async () => {
    await store.upsertBatch(dataset(), 'demo');
    const byCursor = [];
    let cursor: string | undefined;
    for (let page = 0; page < 4; page++) {
      const answer = await store.list(
        query({ sort: 'title', limit: 7, cursor }),
        undefined,
      );
      byCursor.push(answer);
      cursor = answer.nextCursor ?? undefined;
    }
    const jumped = await store.list(
      query({ sort: 'title', limit: 7, offset: 14 }),
      undefined,
    );
    expect(jumped.items.map(f => f.id)).toEqual(
      byCursor[2].items.map(f => f.id),
    );
    expect(jumped.totalCount).toBe(byCursor[2].totalCount);
    const next = await store.list(
      query({ sort: 'title', limit: 7, cursor: jumped.nextCursor! }),
      undefined,
    );
    expect(next.items.map(f => f.id)).toEqual(byCursor[3].items.map(f => f.id));
  });

  it('rejects a cursor made for another sort', async () => {
    await store.upsertBatch(dataset(), 'demo');
    const first = await store.list(
      query({ sort: 'title', limit: 5 }),
      undefined,
    );
    await expect(
      store.list(
        query({ sort: 'severity', cursor: first.nextCursor! }),
        undefined,
      ),
    ).rejects.toThrow(/made for sort=title/);
    await expect(
      store.list(query({ cursor: 'garbage' }), undefined),
    ).rejects.toThrow(/not a cursor/);
  });

  it('applies the permission scope to lists, summaries and detail', async () => {
    const findings = dataset();
    await store.upsertBatch(findings, 'demo');
    const scope = { awsAccountIds: ['222222222222'] };
    const page = await store.list(query({ limit: 500 }), scope);
    expect(page.totalCount).toBe(40);
    expect(new Set(page.items.map(f => f.awsAccountId))).toEqual(
      new Set(['222222222222']),
    );
    const summary = await store.summary({}, scope);
    expect(summary.total).toBe(40);
    expect(summary.byAccount.map(b => b.key)).toEqual(['222222222222']);

    const other = findings.find(f => f.AwsAccountId === '111111111111')!;
    expect(await store.get(other.Id, scope)).toBeUndefined();
    expect(await store.get(other.Id, { not: scope })).toBeDefined();
    expect(
      (
        await store.list(query(), {
          anyOf: [scope, { awsAccountIds: ['333333333333'] }],
        })
      ).totalCount,
    ).toBe(80);
    expect((await store.list(query(), { awsAccountIds: [] })).totalCount).toBe(
      0,
    );
  });

  it('summarizes counts by severity, status, account, region, resource type and control', async () => {
    const findings = dataset();
    await store.upsertBatch(findings, 'demo');
    const summary = await store.summary({ recordState: ['ACTIVE'] }, undefined);
    const active = findings.filter(f => f.RecordState === 'ACTIVE');
    expect(summary.total).toBe(active.length);
    for (const label of [
      'INFORMATIONAL',
      'LOW',
      'MEDIUM',
      'HIGH',
      'CRITICAL',
    ] as const) {
      expect(summary.bySeverity[label]).toBe(
        active.filter(f => f.Severity.Label === label).length,
      );
    }
    expect(summary.byComplianceStatus.FAILED).toBe(
      active.filter(f => f.Compliance?.Status === 'FAILED').length,
    );
    expect(summary.byRecordState).toEqual({ ACTIVE: active.length });
    expect(summary.byAccount.reduce((n, b) => n + b.total, 0)).toBe(
      active.length,
    );
    expect(summary.byRegion.map(b => b.key).sort()).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    const ec2 = summary.byControl.find(c => c.key === 'EC2.19')!;
    expect(ec2.title).toMatch(/high risk ports/);
    expect(ec2.total).toBe(
      active.filter(f => f.Compliance?.SecurityControlId === 'EC2.19').length,
    );
    expect(ec2.failed).toBe(
      active.filter(
        f =>
          f.Compliance?.SecurityControlId === 'EC2.19' &&
          f.Compliance?.Status === 'FAILED',
      ).length,
    );
    expect(summary.byResourceType.map(b => b.key).sort()).toEqual([
      'AwsEc2SecurityGroup',
      'AwsS3Bucket',
    ]);
  });

  it('records sync state per source', async () => {
    const state = {
      sourceId: 'securityhub:111122223333:us-east-1',
      kind: 'securityhub' as const,
      target: '111122223333/us-east-1',
      state: 'failed' as const,
      lastStartedAt: '2026-11-20T10:00:00.000Z',
      lastFinishedAt: '2026-11-20T10:01:00.000Z',
      lastSucceededAt: null,
      watermark: '2026-11-19T00:00:00.000Z',
      lastImported: 300,
      lastUnchanged: 0,
      lastUnchangedUnits: 0,
      lastBatches: 3,
      lastRetries: 4,
      lastRejected: 1,
      rejected: [
        { origin: 'bad.json', position: 'line 2', reason: 'not JSON' },
      ],
      lastError: 'Rate exceeded',
    };
    await store.putSyncState(state);
    await store.putSyncState({ ...state, lastRetries: 5 });
    expect(await store.getSyncStates()).toEqual([
      { ...state, lastRetries: 5, runOwner: null, heartbeatAt: null },
    ]);
  });
});
