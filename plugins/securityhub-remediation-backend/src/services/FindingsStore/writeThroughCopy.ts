import type { Knex } from 'knex';
import type {
  CopyBatch,
  CopyBatchSpec,
  CopyColumn,
  CopyColumnType,
} from '@internal/plugin-securityhub-remediation-node';
import { joinedTuples, keyedTuples } from './copyBatchTuples';
import { copyBinary, copyRows } from './copyRows';
import {
  DETAIL_COLUMNS,
  DETAIL_UPDATES,
  DETAILS_TABLE,
  FINDING_UPDATES,
  FINDINGS_TABLE,
  NEWER_VERSION,
  ROW_COLUMNS,
} from './findingColumns';
import type { FirstLoad } from './firstLoad';
import type { FindingWrite } from './writeFindings';
import type { UpsertResult } from './FindingsStore';

/** A session's staging table: one row per finding with its details. */
const STAGE_TABLE = 'securityhub_findings_stage';

const STAGE_DETAIL_COLUMNS = DETAIL_COLUMNS.filter(
  (c): c is Exclude<typeof c, 'finding_pk'> => c !== 'finding_pk',
);
const STAGE_COLUMNS = [...ROW_COLUMNS, ...STAGE_DETAIL_COLUMNS];

/** Created once per connection, emptied at every commit and before every batch. */
const PREPARE_STAGE = `
  create temporary table if not exists ${STAGE_TABLE}
    on commit delete rows
    as select ${ROW_COLUMNS.map(c => `f.${c}`).join(', ')},
              ${STAGE_DETAIL_COLUMNS.map(c => `d.${c}`).join(', ')}
         from ${FINDINGS_TABLE} f, ${DETAILS_TABLE} d
    with no data;
  truncate ${STAGE_TABLE}`;

const assignments = (updates: Array<[string, string]>) =>
  updates.map(([column, expression]) => `${column} = ${expression}`).join(', ');

/**
 * The findings then their details in one statement: the details of the rows
 * the newest-version rule let through, and only those.
 */
const UPSERT_FROM_STAGE = `
  with written as (
    insert into ${FINDINGS_TABLE} (${ROW_COLUMNS.join(', ')})
    select ${ROW_COLUMNS.join(', ')} from ${STAGE_TABLE}
    on conflict (id) do update set ${assignments(FINDING_UPDATES)}
    where ${NEWER_VERSION}
    returning pk, id
  ), details as (
    insert into ${DETAILS_TABLE} (${DETAIL_COLUMNS.join(', ')})
    select written.pk, ${STAGE_DETAIL_COLUMNS.map(c => `s.${c}`).join(', ')}
      from written join ${STAGE_TABLE} s on s.id = written.id
    on conflict (finding_pk) do update set ${assignments(DETAIL_UPDATES)}
  )
  select count(*)::int as written from written`;

/**
 * PostgreSQL: COPY the batch into a temporary staging table, then one
 * INSERT … SELECT … ON CONFLICT applies it with the same rules as the
 * multi-row path. Ids must be unique within `findings`.
 */
export async function upsertThroughCopy(
  trx: Knex.Transaction,
  findings: FindingWrite[],
): Promise<number> {
  await trx.raw(PREPARE_STAGE);
  await copyRows(
    trx,
    STAGE_TABLE,
    STAGE_COLUMNS,
    findings.map(({ row, detail }) => ({ ...row, ...detail })),
  );
  const { rows } = await trx.raw(UPSERT_FROM_STAGE);
  return rows[0].written;
}

/**
 * Later versions of findings a first load has already written, in the order
 * read; applied once the finding id's unique index is built again.
 */
const DUPLICATES_TABLE = 'securityhub_findings_load_duplicates';

/**
 * A first load's batch: findings the load has not written yet are COPYed
 * straight into the tables (their keys drawn from the table's sequence
 * ahead); ids seen before in the load are staged for
 * {@link applyLoadDuplicates}. Returns the findings written now: a later
 * version of a finding is the same finding. The store was empty when the
 * load began, so a fresh id cannot conflict unless another writer stored
 * it meanwhile, and then the load fails as a whole (its unique index
 * cannot be built).
 */
export async function writeFirstLoadThroughCopy(
  trx: Knex.Transaction,
  findings: FindingWrite[],
  load: FirstLoad,
): Promise<number> {
  const fresh: FindingWrite[] = [];
  const again: FindingWrite[] = [];
  for (const finding of findings) {
    (load.claim(finding.row.id) ? fresh : again).push(finding);
  }
  if (fresh.length > 0) {
    const pks = await load.takeKeys(trx, fresh.length);
    await copyRows(
      trx,
      FINDINGS_TABLE,
      ['pk', ...ROW_COLUMNS],
      fresh.map(({ row }, i) => ({ ...row, pk: pks[i] })),
    );
    await copyRows(
      trx,
      DETAILS_TABLE,
      DETAIL_COLUMNS,
      fresh.map(({ detail }, i) => ({ ...detail, finding_pk: pks[i] })),
    );
  }
  if (again.length > 0) {
    await prepareDuplicates(trx);
    await copyRows(
      trx,
      DUPLICATES_TABLE,
      STAGE_COLUMNS,
      again.map(({ row, detail }) => ({ ...row, ...detail })),
    );
  }
  return fresh.length;
}

/** The columns' types where they are not text (binary COPY sends each as it is). */
const COLUMN_TYPES: Record<string, CopyColumnType> = {
  severity_rank: 'int2',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  first_observed_at: 'timestamptz',
  last_observed_at: 'timestamptz',
  first_seen_at: 'timestamptz',
  last_seen_at: 'timestamptz',
  resolved_at: 'timestamptz',
};

const typed = <Name extends string>(columns: Name[]): Array<CopyColumn<Name>> =>
  columns.map(name => [name, COLUMN_TYPES[name] ?? 'text']);

/** What a first load asks of a source's batches (see `CopyBatch`). */
export function copyBatchSpec(sourceId: string, seenAt: Date): CopyBatchSpec {
  return {
    sourceId,
    seenAt: seenAt.toISOString(),
    rowColumns: typed(ROW_COLUMNS),
    detailColumns: typed(STAGE_DETAIL_COLUMNS),
  };
}

/**
 * {@link writeFirstLoadThroughCopy} for a batch the source encoded as
 * {@link copyBatchSpec} asked, in a transaction (a savepoint) of its own:
 * its tuples go to COPY as they are, with the keys drawn for them written
 * in; then its buffers go back to the thread that encoded it.
 */
export async function writeCopyBatch(
  db: Knex | Knex.Transaction,
  batch: CopyBatch,
  load: FirstLoad | undefined,
): Promise<UpsertResult> {
  if (!load) throw new Error('COPY batches are written only in a first load');
  const written = await db.transaction(trx =>
    writeFirstLoadCopyBatch(trx, batch, load),
  );
  batch.release?.();
  return { written, read: batch.read, maxUpdatedAt: batch.maxUpdatedAt };
}

async function writeFirstLoadCopyBatch(
  trx: Knex.Transaction,
  batch: CopyBatch,
  load: FirstLoad,
): Promise<number> {
  const fresh: number[] = [];
  const again: number[] = [];
  batch.idHashes.forEach((hash, i) =>
    (load.claimHash(hash) ? fresh : again).push(i),
  );
  const rows = { bytes: batch.rows, ends: batch.rowEnds };
  const details = { bytes: batch.details, ends: batch.detailEnds };
  if (fresh.length > 0) {
    const pks = await load.takeKeys(trx, fresh.length);
    await copyBinary(
      trx,
      FINDINGS_TABLE,
      ['pk', ...ROW_COLUMNS],
      keyedTuples(rows, fresh, pks),
    );
    await copyBinary(
      trx,
      DETAILS_TABLE,
      ['finding_pk', ...STAGE_DETAIL_COLUMNS],
      keyedTuples(details, fresh, pks),
    );
  }
  if (again.length > 0) {
    await prepareDuplicates(trx);
    await copyBinary(
      trx,
      DUPLICATES_TABLE,
      STAGE_COLUMNS,
      joinedTuples(rows, details, again),
    );
  }
  return fresh.length;
}

/** An empty stage, and the load's table of later versions (kept until commit). */
async function prepareDuplicates(trx: Knex.Transaction): Promise<void> {
  await trx.raw(PREPARE_STAGE);
  await trx.raw(
    `create temporary table if not exists ${DUPLICATES_TABLE}
       on commit drop
       as select * from ${STAGE_TABLE} with no data;
     alter table ${DUPLICATES_TABLE}
       add column if not exists arrival bigserial`,
  );
}

/**
 * Applies a first load's staged later versions with the upsert's rules, in
 * rounds: each finding's first staged version, then its second, and so on,
 * so the outcome is that of writing them one after another (a resolution
 * keeps its earliest time). Needs the finding id's unique index.
 */
export async function applyLoadDuplicates(
  trx: Knex.Transaction,
): Promise<void> {
  const { rows } = await trx.raw(`select to_regclass(?) as staged`, [
    `pg_temp.${DUPLICATES_TABLE}`,
  ]);
  if (!rows[0].staged) return;
  const ranked = `(select *, row_number() over (partition by id order by arrival) as round
                     from ${DUPLICATES_TABLE}) ranked`;
  const { rows: depth } = await trx.raw(
    `select coalesce(max(round), 0)::int as rounds from ${ranked}`,
  );
  for (let round = 1; round <= depth[0].rounds; round++) {
    await trx.raw(PREPARE_STAGE);
    await trx.raw(
      `insert into ${STAGE_TABLE} (${STAGE_COLUMNS.join(', ')})
       select ${STAGE_COLUMNS.join(', ')} from ${ranked} where round = ?`,
      [round],
    );
    await trx.raw(UPSERT_FROM_STAGE);
  }
  await trx.raw(`drop table ${DUPLICATES_TABLE}`);
}
