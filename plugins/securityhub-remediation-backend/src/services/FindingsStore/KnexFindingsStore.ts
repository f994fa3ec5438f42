import type { Knex } from 'knex';
import {
  type AsffFinding,
  type ComplianceStatus,
  type Finding,
  type FindingDetail,
  type FindingsFilter,
  type FindingsListQuery,
  type FindingsPage,
  type FindingsSummary,
  prepareFinding,
  type PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingsStore,
  FindingsWriter,
  UpsertResult,
} from './FindingsStore';
import { inFirstLoadTransaction } from './bulkLoad';
import { FirstLoad } from './firstLoad';
import {
  applyFilter,
  applyScope,
  countsCannotAnswer,
  type FindingScope,
} from './filters';
import {
  decodeCursor,
  encodeCursor,
  sortColumnSql,
  whereAfterSortKey,
} from './cursor';
import {
  DETAILS_TABLE,
  FINDINGS_TABLE,
  fromFindingRows,
  toIso,
  type FindingDetailRow,
  type FindingRow,
} from './rows';
import { readFindingDetails } from './findingDetails';
import { streamFindings, type FindingsStreamQuery } from './streamFindings';
import { summarizeByScan, withControlTitles } from './summary';
import {
  DEFAULT_TEXT_SEARCH_PLAN,
  fewTextMatches,
  type TextSearchPlanOptions,
} from './textSearchPlan';
import { CountsCubeCache } from './countsCubeCache';
import type { CountsCube } from './countsCube';
import { COUNTS_TABLE, readDataVersion } from './findingCounts';
import { prepareWrites, writeFindings } from './writeFindings';
import { keepSyncUnits, readSyncUnits, writeSyncUnit } from './syncUnits';
import { writeTriage, type StoredTriage } from './writeTriage';
import type { FindingsTriageUpdate } from '@internal/plugin-securityhub-remediation-node';
import type { UnitFingerprint } from '@internal/plugin-securityhub-remediation-node';
import {
  fromSyncStateRow,
  type SyncStateRecord,
  toSyncStateRow,
} from './syncStateRows';

/** Where a {@link KnexFindingsStore} reads and writes. */
export interface KnexFindingsStoreOptions {
  /** The plugin's database; every write goes here. */
  db: Knex;
  /**
   * A read-only connection to the same SQLite file (see
   * `openSqliteReader`): reads then never wait for a write transaction.
   * Without it reads use `db`.
   */
  reader?: Knex;
  /** Set inside a first load (see `bulkLoad`). */
  load?: FirstLoad;
  /** When free text reads SQLite's search index first (tests set it low). */
  textSearchPlan?: TextSearchPlanOptions;
}

/** Findings store on the plugin's database (SQLite or PostgreSQL). */
export class KnexFindingsStore implements FindingsStore {
  private readonly db: Knex;
  private readonly reader: Knex;
  private readonly load?: FirstLoad;
  private readonly textSearchPlan: TextSearchPlanOptions;

  constructor(options: Knex | KnexFindingsStoreOptions) {
    // A Knex instance is a function; options are a plain object.
    const { db, reader, load, textSearchPlan } =
      typeof options === 'function'
        ? ({ db: options } as KnexFindingsStoreOptions)
        : options;
    this.db = db;
    this.reader = reader ?? db;
    this.load = load;
    this.textSearchPlan = textSearchPlan ?? DEFAULT_TEXT_SEARCH_PLAN;
  }

  private cubeCache?: CountsCubeCache;

  /** The counts in memory, with the data version they were read at. */
  private cube() {
    this.cubeCache ??= new CountsCubeCache(this.reader, () =>
      readDataVersion(this.reader),
    );
    return this.cubeCache.get();
  }

  upsertBatch(
    findings: AsffFinding[],
    sourceId: string,
    seenAt: Date = new Date(),
  ): Promise<UpsertResult> {
    return this.upsertPrepared(findings.map(prepareFinding), sourceId, seenAt);
  }

  async upsertPrepared(
    findings: PreparedFinding[],
    sourceId: string,
    seenAt: Date = new Date(),
  ): Promise<UpsertResult> {
    if (findings.length === 0) {
      return { written: 0, read: 0, maxUpdatedAt: null };
    }
    const { entries, maxUpdatedAt } = prepareWrites(findings, sourceId, seenAt);
    const written = await this.db.transaction(trx =>
      writeFindings(trx, entries, this.load),
    );
    return { written, read: findings.length, maxUpdatedAt };
  }

  inTransaction<T>(fn: (writer: FindingsWriter) => Promise<T>): Promise<T> {
    // On a transaction this opens a savepoint.
    return this.db.transaction(trx =>
      fn(new KnexFindingsStore({ db: trx, load: this.load })),
    );
  }

  get bulkLoadPaysOff(): boolean {
    // Only PostgreSQL defers indexes, the foreign key and the counts.
    return this.db.client.dialect === 'postgresql';
  }

  async bulkLoad<T>(load: (writer: FindingsWriter) => Promise<T>): Promise<T> {
    return inFirstLoadTransaction(this.db, trx =>
      load(new KnexFindingsStore({ db: trx, load: new FirstLoad() })),
    );
  }

  async list(
    query: FindingsListQuery,
    scope: FindingScope,
  ): Promise<FindingsPage> {
    const { sort, order, limit, cursor, offset, ...filter } = query;
    const sortColumn = sortColumnSql(sort);
    const keyColumn = `${FINDINGS_TABLE}.pk`;

    const after = cursor ? decodeCursor(cursor, sort, order) : undefined;
    // Without free text the counts answer the total; when they are current
    // and say nothing matches, the table is not read at all (nor, during a
    // first load, its rows not yet committed).
    const counts = await this.cube();
    const textual = countsCannotAnswer(filter);
    const counted = textual ? undefined : counts.cube.total(filter, scope);
    if (counted === 0 && counts.fresh) {
      return { items: [], totalCount: 0, nextCursor: null };
    }
    const matches = textual
      ? await this.textMatchesFirst(filter, scope, counts.cube)
      : undefined;

    const page = this.scoped(filter, scope, matches).select(
      `${FINDINGS_TABLE}.*`,
    );
    if (after) whereAfterSortKey(page, sort, order, after.v, after.k);
    page
      .orderBy(sortColumn, order)
      .orderBy(keyColumn, order)
      .limit(limit + 1);
    // A page jump; the schema bounds it and never pairs it with a cursor.
    if (offset) page.offset(offset);

    const [rows, totalCount] = await Promise.all([
      page as Promise<FindingRow[]>,
      counted ?? this.textMatchCount(filter, scope, matches),
    ]);
    const hasMore = rows.length > limit;
    const items = rows.slice(0, limit);
    const details = await this.details(items);
    return {
      items: items.map(r => fromFindingRows(r, details.get(r.pk!))),
      totalCount,
      nextCursor: hasMore
        ? encodeCursor(sort, order, items[items.length - 1])
        : null,
    };
  }

  streamFindings(
    query: FindingsStreamQuery,
    scope: FindingScope,
    batchSize?: number,
  ): AsyncIterable<Finding[]> {
    return streamFindings(this.reader, query, scope, batchSize);
  }

  async summary(
    filter: FindingsFilter,
    scope: FindingScope,
  ): Promise<FindingsSummary> {
    const { cube } = await this.cube();
    if (countsCannotAnswer(filter)) {
      const matches = await this.textMatchesFirst(filter, scope, cube);
      return summarizeByScan(
        this.reader,
        narrowed => this.scoped(narrowed, scope, matches),
        filter,
      );
    }
    return withControlTitles(this.reader, cube.summary(filter, scope));
  }

  /**
   * The data version answers are computed at; undefined while the counts in
   * memory trail the database (an import's writes being read), when answers
   * must not be kept.
   */
  async dataVersion(): Promise<string | undefined> {
    const { version, fresh } = await this.cube();
    return fresh ? version : undefined;
  }

  /** How many findings match a filter with free text (the counts cannot say). */
  private async textMatchCount(
    filter: FindingsFilter,
    scope: FindingScope,
    matches: number[] | undefined,
  ): Promise<number> {
    const row = await this.scoped(filter, scope, matches)
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  /** The text's few matches, when best found first (SQLite; see `fewTextMatches`). */
  private textMatchesFirst(
    filter: FindingsFilter,
    scope: FindingScope,
    cube: CountsCube,
  ): Promise<number[] | undefined> {
    const others = cube.total({ ...filter, q: undefined }, scope);
    return fewTextMatches(this.reader, filter, others, this.textSearchPlan);
  }

  async get(
    id: string,
    scope: FindingScope,
  ): Promise<FindingDetail | undefined> {
    const row: FindingRow | undefined = await applyScope(
      this.reader(FINDINGS_TABLE).where(`${FINDINGS_TABLE}.id`, id),
      scope,
    ).first();
    if (!row) return undefined;
    return withDocument(row, (await this.details([row])).get(row.pk!));
  }

  async getMany(ids: string[]): Promise<Array<FindingDetail | undefined>> {
    const rows: FindingRow[] = await this.reader(FINDINGS_TABLE).whereIn(
      'id',
      ids,
    );
    const details = await this.details(rows);
    const byId = new Map(
      rows.map(r => [r.id, withDocument(r, details.get(r.pk!))]),
    );
    return ids.map(id => byId.get(id));
  }

  /** Details of stored rows, by pk. */
  private async details(
    rows: FindingRow[],
  ): Promise<Map<number, FindingDetailRow>> {
    return readFindingDetails(this.reader, rows);
  }

  async count(scope?: FindingScope): Promise<number> {
    // From the counts in memory, which may trail an import by a catch-up
    // (summing the counts table instead held SQLite, and so every request,
    // for a tenth of a second at a million findings). Zero is always exact:
    // the sync decides on a first load by it, and a store that trails one
    // the first rows are counted (few, but for a PostgreSQL first load).
    const { cube, fresh } = await this.cube();
    const counted = cube.total({}, scope);
    if (fresh || counted > 0) return counted;
    const row = await applyScope(this.reader(FINDINGS_TABLE), scope)
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  async refreshStatistics(): Promise<void> {
    // ANALYZE only: counts come from the counts table, so the visibility
    // map VACUUM would build (index-only counts) is not worth its time in
    // an import; autovacuum sets it later.
    if (this.db.client.dialect !== 'postgresql') {
      // Sampled: a full ANALYZE of a million rows and their indexes holds
      // SQLite (and so the event loop) for seconds.
      await this.db.raw('pragma analysis_limit = 1000');
    }
    await this.db.raw(`analyze ${FINDINGS_TABLE}`);
    await this.db.raw(`analyze ${COUNTS_TABLE}`);
  }

  async getSyncStates(): Promise<SyncStateRecord[]> {
    const rows = await this.reader('securityhub_sync_state').orderBy(
      'source_id',
    );
    return rows.map(fromSyncStateRow);
  }

  async putSyncState(state: SyncStateRecord): Promise<void> {
    await this.db('securityhub_sync_state')
      .insert(toSyncStateRow(state))
      .onConflict('source_id')
      .merge();
  }

  getSyncUnits(sourceId: string) {
    return readSyncUnits(this.db, sourceId);
  }

  putSyncUnit(sourceId: string, origin: string, fingerprint: UnitFingerprint) {
    return writeSyncUnit(this.db, sourceId, origin, fingerprint);
  }

  keepSyncUnits(sourceId: string, seen: ReadonlySet<string>) {
    return keepSyncUnits(this.db, sourceId, seen);
  }

  async markPassedLocally(
    findingId: string,
    note: string,
  ): Promise<ComplianceStatus | 'UNKNOWN'> {
    const row: FindingRow | undefined = await this.db(FINDINGS_TABLE)
      .where('id', findingId)
      .first();
    if (!row) return 'UNKNOWN';
    const detail: FindingDetailRow | undefined = await this.db(DETAILS_TABLE)
      .where('finding_pk', row.pk!)
      .first();
    if (!detail) return 'UNKNOWN';
    const document = JSON.parse(detail.document) as AsffFinding;
    // Strictly newer than the stored version: a sync keeps a stored finding
    // unless the incoming UpdatedAt is the same or later.
    const updatedAt = new Date(
      Math.max(Date.now(), Date.parse(toIso(row.updated_at)) + 1),
    ).toISOString();
    const marked: AsffFinding = {
      ...document,
      UpdatedAt: updatedAt,
      Compliance: { ...document.Compliance, Status: 'PASSED' },
      // Security Hub resolves a control finding that turns PASSED.
      Workflow: { ...document.Workflow, Status: 'RESOLVED' },
      Note: {
        Text: note.slice(0, 512),
        UpdatedBy: 'securityhub-remediation (local run)',
        UpdatedAt: updatedAt,
      },
    };
    await this.upsertBatch([marked], row.source_id);
    return 'PASSED';
  }

  writeTriage(triage: StoredTriage): Promise<string[]> {
    return writeTriage(this.db, triage);
  }

  applyTriageLocally(update: FindingsTriageUpdate): Promise<string[]> {
    return writeTriage(this.db, {
      findingIds: update.findings.map(f => f.findingId),
      change: update.change,
      updatedBy: update.updatedBy,
      mode: 'local',
    });
  }

  private scoped(
    filter: FindingsFilter,
    scope: FindingScope,
    textMatches?: number[],
  ) {
    return applyScope(
      applyFilter(this.reader(FINDINGS_TABLE), filter, textMatches),
      scope,
    );
  }
}

function withDocument(
  row: FindingRow,
  detail: FindingDetailRow | undefined,
): FindingDetail {
  return {
    ...fromFindingRows(row, detail),
    raw: detail ? JSON.parse(detail.document) : {},
  } as FindingDetail;
}
