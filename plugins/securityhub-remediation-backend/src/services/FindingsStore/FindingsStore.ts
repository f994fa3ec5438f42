import type {
  AsffFinding,
  ComplianceStatus,
  Finding,
  FindingDetail,
  FindingsFilter,
  FindingsListQuery,
  FindingsPage,
  FindingsSummary,
  PreparedFinding,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  CopyBatch,
  CopyBatchSpec,
  LocalFindingsUpdater,
  LocalTriageStore,
  UnitFingerprint,
} from '@internal/plugin-securityhub-remediation-node';
import type { StoredTriage } from './writeTriage';
import type { FindingScope } from './filters';
import type { FindingsStreamQuery } from './streamFindings';
import type { SyncStateRecord } from './syncStateRows';

/** Result of writing one batch. */
export interface UpsertResult {
  /** Findings inserted, or replaced by a newer version or changed content. */
  written: number;
  /** Findings in the batch; those not written were stored as they are (or newer). */
  read: number;
  /** Highest UpdatedAt in the batch (ISO), or null for an empty batch. */
  maxUpdatedAt: string | null;
}

/** What a sync writes through. */
export interface FindingsWriter {
  upsertPrepared(
    findings: PreparedFinding[],
    sourceId: string,
    seenAt?: Date,
  ): Promise<UpsertResult>;
  /**
   * Inside a first load that takes batches through COPY (PostgreSQL), what
   * a source's batches should be encoded as (`FindingsReadOptions.copyBatch`);
   * otherwise undefined.
   */
  copyBatchSpec(sourceId: string, seenAt: Date): CopyBatchSpec | undefined;
  /** Writes a batch encoded as {@link FindingsWriter.copyBatchSpec} asked. */
  writeCopyBatch(batch: CopyBatch): Promise<UpsertResult>;
  /**
   * Runs `fn` as one unit: everything written through the writer it gets is
   * kept together or not at all (a nested transaction inside a bulk load).
   */
  inTransaction<T>(fn: (writer: FindingsWriter) => Promise<T>): Promise<T>;
  /** Keeps a unit's fingerprint; inside its transaction, it is kept only with its findings. */
  putSyncUnit(
    sourceId: string,
    origin: string,
    fingerprint: UnitFingerprint,
  ): Promise<void>;
}

/**
 * The portal's own copy of the findings. Reads take the caller's permission
 * scope, so every query is filtered to the accounts the caller may read.
 */
export interface FindingsStore
  extends LocalFindingsUpdater,
    LocalTriageStore,
    FindingsWriter {
  /** Writes one batch in one transaction: all of it or nothing. */
  upsertBatch(
    findings: AsffFinding[],
    sourceId: string,
    seenAt?: Date,
  ): Promise<UpsertResult>;
  /** {@link FindingsStore.upsertBatch} for findings a source has already prepared. */
  upsertPrepared(
    findings: PreparedFinding[],
    sourceId: string,
    seenAt?: Date,
  ): Promise<UpsertResult>;
  /**
   * A first load into an empty store: every write of `load` shares one
   * transaction, and on PostgreSQL findings new to the load are COPYed
   * straight into the tables. All or nothing: on an error nothing is kept.
   * Readers are answered throughout and see the store empty until it
   * commits. Throws if the store is not empty. Where it pays off
   * ({@link FindingsStore.bulkLoadPaysOff}) the load leaves the database's
   * statistics current: no `refreshStatistics` is needed after it.
   */
  bulkLoad<T>(load: (writer: FindingsWriter) => Promise<T>): Promise<T>;
  /**
   * Whether {@link FindingsStore.bulkLoad} is faster than writing unit by
   * unit. Where it is not (SQLite: nothing is deferred), a first load
   * commits unit by unit: one transaction of a million findings would grow
   * the write-ahead log by gigabytes and hold it until the end.
   */
  readonly bulkLoadPaysOff: boolean;
  list(query: FindingsListQuery, scope: FindingScope): Promise<FindingsPage>;
  /**
   * Every finding matching `query` within `scope`, in the list's order, in
   * batches of at most `batchSize` (default 1,000): memory holds one batch
   * however many match. For exports.
   */
  streamFindings(
    query: FindingsStreamQuery,
    scope: FindingScope,
    batchSize?: number,
  ): AsyncIterable<Finding[]>;
  summary(
    filter: FindingsFilter,
    scope: FindingScope,
  ): Promise<FindingsSummary>;
  get(id: string, scope: FindingScope): Promise<FindingDetail | undefined>;
  /** Findings by id without scope, for the permission framework's resource loader. */
  getMany(ids: string[]): Promise<Array<FindingDetail | undefined>>;
  /**
   * A value that changes with every write to the findings, committed with
   * it: responses cached under it are current while it stays the same.
   */
  dataVersion?(): Promise<string | undefined>;
  /**
   * Findings stored, within `scope` when given. While an import writes it
   * may trail the last writes briefly, as summaries do; zero is exact.
   */
  count(scope?: FindingScope): Promise<number>;
  /**
   * Refreshes the query planner's statistics after a large import, so that
   * filters pick their index instead of a scan (PostgreSQL's autovacuum
   * would do it later; SQLite never does it on its own).
   */
  refreshStatistics(): Promise<void>;
  getSyncStates(): Promise<SyncStateRecord[]>;
  /**
   * Local delivery only: marks the finding PASSED with a note saying a local
   * run did it. Its UpdatedAt moves forward, so a later sync of the older
   * source version does not roll it back. UNKNOWN when the finding is absent.
   */
  markPassedLocally(
    findingId: string,
    note: string,
  ): Promise<ComplianceStatus | 'UNKNOWN'>;
  /**
   * Writes a triage (workflow status, note) through to the stored findings
   * at once; answers the ids it changed. See `writeTriage` for the
   * UpdatedAt each mode stamps.
   */
  writeTriage(triage: StoredTriage): Promise<string[]>;
  putSyncState(state: SyncStateRecord): Promise<void>;
  /** Fingerprints of the source's units stored in full (see `putSyncUnit`). */
  getSyncUnits(sourceId: string): Promise<Map<string, UnitFingerprint>>;
  /** Forgets the source's units not in `seen`. */
  keepSyncUnits(sourceId: string, seen: ReadonlySet<string>): Promise<void>;
}
