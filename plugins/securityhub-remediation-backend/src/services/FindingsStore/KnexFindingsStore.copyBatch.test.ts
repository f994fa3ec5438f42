import type { Knex } from 'knex';
import {
  asffFindingFixture,
  prepareFinding,
  type AsffFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { encodeCopyBatch } from '@internal/plugin-securityhub-remediation-node';
import { dataset } from '../../__testUtils__/findingsDataset';
import {
  clearFindingsDatabase,
  describeOnPostgres,
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { KnexFindingsStore } from './KnexFindingsStore';
import { COUNT_DIMENSIONS } from './findingCounts';
import type { FindingsWriter } from './FindingsStore';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const SEEN = new Date('2026-11-20T08:00:00.000Z');

/** Text the text format would have to escape, and characters of every UTF-8 length. */
const AWKWARD = 'tab\there\nnew line\r\nback\\slash \\N ünïcødé 漢字 🛡️ "q"';

/** Versions across batches and inside one, odd text, nulls, far-off times. */
function batches(): AsffFinding[][] {
  const version = (
    updatedAt: string,
    overrides: Partial<AsffFinding> = {},
  ) => ({
    ...asffFindingFixture({ updatedAt }),
    ...overrides,
  });
  const awkward = asffFindingFixture({ suffix: 'awkward' });
  awkward.Title = AWKWARD;
  awkward.Description = AWKWARD;
  awkward.Resources = [
    {
      ...awkward.Resources[0],
      Id: `arn:aws:s3:::${AWKWARD}`,
      Tags: { 'te\tam': 'pay\\ments', env: '' },
    },
    { Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::second' },
  ];
  const old = asffFindingFixture({
    suffix: 'old',
    updatedAt: '1999-12-31T23:59:59.999Z',
  });
  old.CreatedAt = '1970-01-01T00:00:00.000Z';
  old.FirstObservedAt = '1969-07-20T20:17:40.000Z';
  const far = asffFindingFixture({
    suffix: 'far',
    updatedAt: '9999-12-31T23:59:59.999Z',
  });
  delete (far as Partial<AsffFinding>).Remediation;
  const open = version('2026-11-01T00:00:00.000Z');
  const passed = version('2026-11-05T00:00:00.000Z', {
    Compliance: { Status: 'PASSED' },
  });
  // The newest version, two batches on, names other resources.
  const moved = version('2026-11-07T00:00:00.000Z', {
    Resources: [
      {
        Type: 'AwsS3Bucket',
        Id: 'arn:aws:s3:::moved',
        Tags: { team: 'platform' },
      },
    ],
  });
  const stale = version('2026-10-01T00:00:00.000Z');
  return [
    [...dataset().slice(0, 60), open, awkward],
    // A later version in the next batch, and an older one after it.
    [passed, old, far, ...dataset().slice(60, 100)],
    [stale, moved, version('2026-11-06T00:00:00.000Z')],
  ];
}

/** Every stored column of every table a load fills, keys aside. */
async function stored(knex: Knex) {
  const findings = await knex('securityhub_findings').select('*').orderBy('id');
  const details = await knex('securityhub_finding_details as d')
    .join('securityhub_findings as f', 'f.pk', 'd.finding_pk')
    .select('f.id', 'd.*')
    .orderBy('f.id');
  const keys = await knex('securityhub_finding_resource_keys as k')
    .join('securityhub_findings as f', 'f.pk', 'k.finding_pk')
    .select('f.id', 'k.kind', 'k.value')
    .orderBy(['f.id', 'k.kind', 'k.value']);
  const unkeyed = <T extends Record<string, unknown>>(rows: T[]) =>
    rows.map(({ pk, finding_pk, ...rest }) => rest);
  return {
    findings: unkeyed(findings),
    details: unkeyed(details),
    keys,
    counts: await knex('securityhub_finding_counts')
      .select('*')
      .whereNot('n', 0)
      .orderBy([...COUNT_DIMENSIONS])
      .then(rows => rows.map(({ changed_at, ...rest }) => rest)),
  };
}

describeOnPostgres(ids, 'A first load of COPY batches on %s', databaseId => {
  let knex: Knex;
  let store: KnexFindingsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexFindingsStore(knex);
  });

  beforeEach(() => clearFindingsDatabase(knex));

  const load = (
    write: (
      writer: FindingsWriter,
      batch: PreparedFinding[],
    ) => Promise<number>,
  ) =>
    store.bulkLoad(async writer => {
      const written: number[] = [];
      for (const batch of batches()) {
        written.push(await write(writer, batch.map(prepareFinding)));
      }
      return written;
    });

  it('stores exactly what a load of the findings themselves stores', async () => {
    const plain = await load(
      async (writer, batch) =>
        (
          await writer.upsertPrepared(batch, 'demo', SEEN)
        ).written,
    );
    const expected = await stored(knex);
    await clearFindingsDatabase(knex);

    const copied = await load(async (writer, batch) => {
      const spec = writer.copyBatchSpec('demo', SEEN);
      expect(spec).toBeDefined();
      return (await writer.writeCopyBatch(encodeCopyBatch(batch, spec!)))
        .written;
    });
    expect(copied).toEqual(plain);
    const actual = await stored(knex);
    expect(actual).toEqual(expected);

    // And what the store's ordinary writes leave, its triggers keeping
    // the resource keys with the database's own function.
    await clearFindingsDatabase(knex);
    for (const batch of batches()) {
      await store.upsertPrepared(batch.map(prepareFinding), 'demo', SEEN);
    }
    expect(await stored(knex)).toEqual(expected);
    // What the comparison covers.
    expect(actual.findings).toHaveLength(104);
    const awkward = actual.details.find(d => String(d.id).includes('awkward'));
    expect(awkward?.description).toBe(AWKWARD);
    expect(actual.keys).toContainEqual(
      expect.objectContaining({ kind: 'tag', value: 'te\tam=pay\\ments' }),
    );
    const far = actual.findings.find(f => String(f.id).includes('far'));
    expect((far?.updated_at as Date).toISOString()).toBe(
      '9999-12-31T23:59:59.999Z',
    );
    const old = actual.findings.find(f => String(f.id).includes('old'));
    expect((old?.first_observed_at as Date).toISOString()).toBe(
      '1969-07-20T20:17:40.000Z',
    );
    expect(old?.resolved_at).toBeNull();
  });

  it('reports what it read and the newest UpdatedAt of a batch', async () => {
    const results = await store.bulkLoad(async writer => {
      const batch = batches()[2].map(prepareFinding);
      return writer.writeCopyBatch(
        encodeCopyBatch(batch, writer.copyBatchSpec('demo', SEEN)!),
      );
    });
    // Three versions of one finding: one written, all three read.
    expect(results).toEqual({
      written: 1,
      read: 3,
      maxUpdatedAt: '2026-11-07T00:00:00.000Z',
    });
  });

  it('is asked for only inside a first load', async () => {
    expect(store.copyBatchSpec('demo', SEEN)).toBeUndefined();
    const batch = encodeCopyBatch([prepareFinding(asffFindingFixture())], {
      sourceId: 'demo',
      seenAt: SEEN.toISOString(),
      rowColumns: [],
      detailColumns: [],
    });
    await expect(store.writeCopyBatch(batch)).rejects.toThrow(
      /only in a first load/,
    );
  });
});
