import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';

/**
 * A unit the store writes atomically: one ASFF file, or one page of
 * `GetFindings`. If any finding of a unit is invalid, the source yields the
 * unit as `rejected` (no findings) and goes on, so nothing of it is stored
 * and nothing after it is lost.
 *
 * @public
 */
export interface FindingsBatch {
  /** Where the batch came from, for messages: a file path, or "111122223333/us-east-1 page 3". */
  origin: string;
  /** Validated findings, normalized, each with its ASFF document as JSON text. */
  findings: PreparedFinding[];
  /**
   * Set when the unit was rejected whole (a file that cannot be read or
   * holds an invalid finding, a page that keeps failing): `findings` is
   * then empty and the source goes on with the next unit.
   */
  rejected?: FindingsRejection;
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
}

/** Counters a source reports while it reads. @public */
export interface FindingsReadStats {
  /** Calls that were throttled or failed and were retried. */
  retries: number;
}

/**
 * Port: where findings come from. Adapters: Security Hub (`GetFindings`) and
 * ASFF files on disk.
 *
 * @public
 */
export interface FindingsSource {
  /** Stable id, used as the key of the sync watermark (e.g. `demo`, `securityhub:111122223333:us-east-1`). */
  readonly id: string;
  readonly kind: 'asff-files' | 'securityhub';
  /** Human-readable target: a folder, or account/region. */
  readonly target: string;
  /** Reads findings batch by batch. Throws on an unrecoverable error. */
  read(
    options: FindingsReadOptions,
    stats: FindingsReadStats,
  ): AsyncIterable<FindingsBatch>;
}
