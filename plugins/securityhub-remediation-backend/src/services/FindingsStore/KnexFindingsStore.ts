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
import { ListPageReads, readListPage } from './listPage';
import { RESOURCE_KEYS_TABLE } from './resourceKeys';
import { FirstLoad } from './firstLoad';
import {
  applyScope,
  scopedFindings,
  countsCannotAnswer,
  type FindingScope,
} from './filters';
import { decodeCursor, encodeCursor } from './cursor';
import {
  FINDINGS_TABLE,
  fromFindingRows,
  type FindingDetailRow,
  type FindingRow,
} from './rows';
import { readFindingDetails } from './findingDetails';
import { streamFindings, type FindingsStreamQuery } from './streamFindings';
import { withControlTitles } from './summary';
import {
  DEFAULT_TEXT_SEARCH_PLAN,
  type TextSearchPlanOptions,
} from './textSearchPlan';
import { CountsCubeCache } from './countsCubeCache';
import { COUNTS_TABLE, readDataVersion } from './findingCounts';
import { markPassedLocally } from './markPassedLocally';
import {
  DEFAULT_TEXT_INDEX,
  TextIndexCache,
  type TextIndexOptions,
} from './textIndex/TextIndexCache';
import { IndexedTextSearch } from './textIndex/IndexedTextSearch';
import { UncountedSearch } from './uncountedSearch';
import { prepareWrites, writeFindings } from './writeFindings';
import { keepSyncUnits, readSyncUnits, writeSyncUnit } from './syncUnits';
import { writeTriage, type StoredTriage } from './writeTriage';
import type {
  CopyBatch,
  CopyBatchSpec,
  FindingsTriageUpdate,
  UnitFingerprint,
} from '@internal/plugin-securityhub-remediation-node';
import { copyBatchSpec, writeCopyBatch } from './writeThroughCopy';
import {
  readSyncStates,
  writeSyncState,
  type SyncStateRecord,
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
  /**
   * Refreshes the planner statistics of tables off the event loop (a
   * SQLite file's, see `SqliteReader.analyze`). Without it ANALYZE runs on
   * `db`.
   */
  analyze?: (tables: string[]) => Promise<void>;
  /** Set inside a first load (see `bulkLoad`). */
  load?: FirstLoad;
  /** When free text reads SQLite's search index first (tests set it low). */
  textSearchPlan?: TextSearchPlanOptions;
  /** The free-text index in memory (see `FindingsTextIndex`); false for none. */
  textIndex?: Partial<TextIndexOptions> | false;
}

/** Findings store on the plugin's database (SQLite or PostgreSQL). */
export class KnexFindingsStore implements FindingsStore {
  private readonly db: Knex;
  private readonly reader: Knex;
  private readonly load?: FirstLoad;
  private readonly analyze?: (tables: string[]) => Promise<void>;
  private readonly textIndex?: TextIndexCache;
  private readonly uncounted: UncountedSearch;
  /** What reading a sort run by run keeps across data versions. */
  private readonly pageReads = new ListPageReads();

  constructor(options: Knex | KnexFindingsStoreOptions) {
    // A Knex instance is a function; options are a plain object.
    const { db, reader, analyze, load, textSearchPlan, textIndex } =
      typeof options === 'function'
        ? ({ db: options } as KnexFindingsStoreOptions)
        : options;
    this.db = db;
    this.reader = reader ?? db;
    this.load = load;
    this.analyze = analyze;
    const plan = textSearchPlan ?? DEFAULT_TEXT_SEARCH_PLAN;
    // Only the store that answers reads keeps one (not a transaction's).
    if (textIndex !== false && !load) {
      this.textIndex = new TextIndexCache(this.reader, {
        ...DEFAULT_TEXT_INDEX,
        ...textIndex,
      });
    }
    this.uncounted = new UncountedSearch(
      this.reader,
      plan,
      this.textIndex &&
        new IndexedTextSearch(this.reader, this.textIndex, plan.fewMatches),
    );
  }

  private cubeCache?: CountsCubeCache;

  /** The counts in memory, with the data version they were read at. */
  private async cube() {
    this.cubeCache ??= new CountsCubeCache(this.reader, () =>
      readDataVersion(this.reader),
    );
    const at = await this.cubeCache.get();
    this.textIndex?.observe(at);
    return at;
  }

  /** Runs a write; the text index is not built meanwhile (see `TextIndexCache.writing`). */
  private writing<T>(write: () => Promise<T>): Promise<T> {
    return this.textIndex ? this.textIndex.writing(write) : write();
  }

  /**
   * Waits for the text index build going on, if any; true when searches of
   * the current data are answered from it (benchmarks and tests wait on it).
   */
  async textIndexReady(): Promise<boolean> {
    await this.cube();
    await this.textIndex?.settled();
    return this.textIndex?.current(await this.cube()) !== undefined;
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
    const written = await this.writing(() =>
      this.db.transaction(trx => writeFindings(trx, entries, this.load)),
    );
    return { written, read: findings.length, maxUpdatedAt };
  }

  copyBatchSpec(sourceId: string, seenAt: Date): CopyBatchSpec | undefined {
    return this.load && copyBatchSpec(sourceId, seenAt);
  }

  writeCopyBatch(batch: CopyBatch): Promise<UpsertResult> {
    return writeCopyBatch(this.db, batch, this.load);
  }

  inTransaction<T>(fn: (writer: FindingsWriter) => Promise<T>): Promise<T> {
    // On a transaction this opens a savepoint.
    return this.writing(() =>
      this.db.transaction(trx =>
        fn(
          new KnexFindingsStore({ db: trx, load: this.load, textIndex: false }),
        ),
      ),
    );
  }

  get bulkLoadPaysOff(): boolean {
    // Only PostgreSQL defers indexes, the foreign key and the counts.
    return this.db.client.dialect === 'postgresql';
  }

  async bulkLoad<T>(load: (writer: FindingsWriter) => Promise<T>): Promise<T> {
    return this.writing(() =>
      inFirstLoadTransaction(this.db, (trx, firstLoad) =>
        load(new KnexFindingsStore({ db: trx, load: firstLoad })),
      ),
    );
  }

  async list(
    query: FindingsListQuery,
    scope: FindingScope,
  ): Promise<FindingsPage> {
    const { sort, order, limit, cursor, offset, ...filter } = query;
    const after = cursor ? decodeCursor(cursor, sort, order) : undefined;
    // Without free text the counts answer the total; when they are current
    // and say nothing matches, the table is not read at all (nor, during a
    // first load, its rows not yet committed).
    const counts = await this.cube();
    // Free text, resource tags or ids: the counts cannot say.
    const uncounted = countsCannotAnswer(filter)
      ? await this.uncounted.forList(query, after, scope, counts)
      : undefined;
    const counted = uncounted
      ? uncounted.total
      : counts.cube.total(filter, scope);
    if (counted === 0 && counts.fresh) {
      return { items: [], totalCount: 0, nextCursor: null };
    }
    const matches = uncounted?.keys;
    const page = readListPage(
      this.reader,
      this.pageReads,
      query,
      after,
      scope,
      counts,
      uncounted,
      counted,
    );

    const [rows, totalCount] = await Promise.all([
      page,
      counted ??
        scopedFindings(this.reader, filter, scope, matches)
          .count({ n: '*' })
          .first()
          .then(row => Number(row?.n ?? 0)),
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
    const at = await this.cube();
    if (countsCannotAnswer(filter)) {
      return this.uncounted.summary(filter, scope, at);
    }
    return withControlTitles(this.reader, at.cube.summary(filter, scope));
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
    // Without statistics PostgreSQL read a chunk's tags for the text index
    // through the (kind, value) index, every tag each time.
    const tables = [FINDINGS_TABLE, COUNTS_TABLE, RESOURCE_KEYS_TABLE];
    if (this.analyze) {
      await this.analyze(tables);
      return;
    }
    if (this.db.client.dialect !== 'postgresql') {
      // Sampled: a full ANALYZE of a million rows and their indexes holds
      // SQLite (and so the event loop) for seconds.
      await this.db.raw('pragma analysis_limit = 1000');
    }
    for (const table of tables) await this.db.raw(`analyze ${table}`);
  }

  getSyncStates(): Promise<SyncStateRecord[]> {
    return readSyncStates(this.reader);
  }

  putSyncState(state: SyncStateRecord): Promise<void> {
    return writeSyncState(this.db, state);
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

  markPassedLocally(
    findingId: string,
    note: string,
  ): Promise<ComplianceStatus | 'UNKNOWN'> {
    return markPassedLocally(this.db, findingId, note, (marked, sourceId) =>
      this.upsertBatch([marked], sourceId),
    );
  }

  writeTriage(triage: StoredTriage): Promise<string[]> {
    return this.writing(() => writeTriage(this.db, triage));
  }

  applyTriageLocally(update: FindingsTriageUpdate): Promise<string[]> {
    return this.writeTriage({
      findingIds: update.findings.map(f => f.findingId),
      change: update.change,
      updatedBy: update.updatedBy,
      mode: 'local',
    });
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
