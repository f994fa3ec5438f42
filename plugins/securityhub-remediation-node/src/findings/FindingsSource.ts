import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import type { CopyBatch, CopyBatchSpec } from './storeRows';

/**
 * A batch of one unit the store writes atomically: one ASFF file, or one
 * page of `GetFindings`.
 *
 * A unit arrives as one or more consecutive batches of the same `origin`:
 * every batch but the last has `more: true`, so a large file streams in
 * bounded batches while the writer keeps them in one transaction. The last
 * batch of a unit either has no `more`, and the unit is complete, or is
 * `rejected`: the unit turned out bad (an invalid finding, a limit
 * exceeded, a page that keeps failing), the writer drops every batch of it
 * it got, nothing of it is stored, and the source goes on with the next
 * unit (or stops, when it cannot go on past it). A unit rejected before
 * anything was read is one rejected batch.
 *
 * @public
 */
export interface FindingsBatch {
  /** Where the batch came from, for messages: a file path, or "111122223333/us-east-1 page 3". */
  origin: string;
  /** Validated findings, normalized, each with its ASFF document as JSON text. */
  findings: PreparedFinding[];
  /**
   * The batch's findings encoded for the store's COPY, in place of
   * `findings` (then empty): only when the read asked for it
   * ({@link FindingsReadOptions.copyBatch}) and the source can.
   */
  copy?: CopyBatch;
  /** More batches of the same unit follow; the unit is complete only at the last. */
  more?: boolean;
  /**
   * Set when the unit was rejected whole: `findings` is then empty, this is
   * the unit's last batch, and earlier batches of it must be discarded.
   */
  rejected?: FindingsRejection;
  /**
   * Set on a unit's last batch when the source can tell the unit's content
   * apart (a file's size, modification time and hash): the writer keeps it
   * with the unit's findings, and the next read gets it back in
   * {@link FindingsReadOptions.storedUnits}.
   */
  fingerprint?: UnitFingerprint;
  /**
   * The unit is the one the store already holds (its fingerprint matched):
   * it is not read again, `findings` is empty and there is nothing to write.
   */
  unchanged?: boolean;
}

/** What a unit's content was when it was stored in full. @public */
export interface UnitFingerprint {
  /** Bytes, and modification time in ms: equal for both means unchanged. */
  size: number;
  mtimeMs: number;
  /** SHA-256 of the bytes (base64url): a file touched but not changed is still unchanged. */
  sha256: string;
  /** Findings the unit held, counted as unchanged when it is skipped. */
  findings: number;
}

/** Why a unit (file, page) was rejected. @public */
export interface FindingsRejection {
  /** Where in the unit, when known: "line 12", "finding 3 (Findings[2])", "byte 4096". */
  position?: string;
  /** What is wrong, for a person: "not JSON: Unexpected token ...". */
  reason: string;
}

/** @public */
export interface FindingsReadOptions {
  /**
   * Only findings updated after this ISO timestamp are needed (incremental
   * sync). Sources that cannot filter by time may ignore it: the store keeps
   * the newest version of each finding.
   */
  updatedSince?: string;
  signal?: AbortSignal;
  /**
   * Units the store holds in full, by origin, with the fingerprint they had.
   * A source that can fingerprint its units skips those that did not change
   * (a batch with `unchanged: true`); others ignore it.
   */
  storedUnits?: ReadonlyMap<string, UnitFingerprint>;
  /**
   * Set when the store takes batches through COPY (a PostgreSQL first
   * load): a source that parses on a thread of its own encodes them there
   * ({@link FindingsBatch.copy}), which spares the store's thread building
   * and collecting objects for every finding. Others ignore it.
   */
  copyBatch?: CopyBatchSpec;
}

/** Counters a source reports while it reads. @public */
export interface FindingsReadStats {
  /** Calls that were throttled or failed and were retried. */
  retries: number;
}

/**
 * Port: where findings come from. Adapters: Security Hub CSPM
 * (`GetFindings`, ASFF), the new Security Hub (`GetFindingsV2`, OCSF) and
 * ASFF or OCSF files on disk.
 *
 * @public
 */
export interface FindingsSource {
  /** Stable id, used as the key of the sync watermark (e.g. `demo`, `securityhub:111122223333:us-east-1`). */
  readonly id: string;
  readonly kind: 'asff-files' | 'securityhub' | 'securityhub-ocsf';
  /** Human-readable target: a folder, or account/region. */
  readonly target: string;
  /**
   * Reads findings unit by unit, each in one or more batches (see
   * {@link FindingsBatch}). Throws when the source as a whole cannot be read
   * (it does not exist, access denied, the signal aborted).
   */
  read(
    options: FindingsReadOptions,
    stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch>;
}
