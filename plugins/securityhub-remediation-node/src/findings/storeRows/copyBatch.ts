import type { PreparedFinding } from '@internal/plugin-securityhub-remediation-common';
import {
  BinaryTuples,
  type CopyColumnType,
  type SpareBuffers,
} from './binaryTuples';
import {
  newestVersions,
  toFindingDetailRow,
  type FindingDetailRow,
  type FindingRow,
} from './findingRows';

/** A column of a COPY and how its values are written. */
export type CopyColumn<Name extends string> = [
  name: Name,
  type: CopyColumnType,
];

/** What a store taking a read's batches through COPY asks them to be. */
export interface CopyBatchSpec {
  sourceId: string;
  /** When the findings were seen (the run's start), ISO 8601. */
  seenAt: string;
  /** The finding row's columns in the store's COPY order, its key not among them. */
  rowColumns: Array<CopyColumn<keyof FindingRow & string>>;
  /** The details' columns in order, the finding's key not among them. */
  detailColumns: Array<
    CopyColumn<Exclude<keyof FindingDetailRow, 'finding_pk'>>
  >;
}

/**
 * A batch of findings as tuples of PostgreSQL's binary COPY format (see
 * `BinaryTuples`). One tuple per finding id: the batch's newest version of
 * it, as the store's own upsert keeps (a later one of the same UpdatedAt
 * wins), in the order the ids first came. Tuple `i` of `rows` (of
 * `details`) is the bytes from `rowEnds[i - 1]` (0 for the first) to
 * `rowEnds[i]`; its first field is the table key, 0 until the store writes
 * the key it draws in (at `TUPLE_KEY_OFFSET`). Only numbers and typed
 * arrays: the parser thread hands a batch over without copying it, and the
 * store's thread sends it to the database as it is, without building an
 * object per finding.
 */
export interface CopyBatch {
  /** Findings read, before the versions of one id were merged. */
  read: number;
  /** The batch's highest UpdatedAt. */
  maxUpdatedAt: string | null;
  /** {@link findingIdHash} of each line's finding id. */
  idHashes: Uint32Array;
  rows: Uint8Array;
  rowEnds: Uint32Array;
  details: Uint8Array;
  detailEnds: Uint32Array;
  /**
   * Set where the batch came from another thread: hands its buffers back
   * to it once written (see `SpareBuffers`). The batch is empty after.
   */
  release?: () => void;
}

/** The buffers of a batch, to transfer to another thread instead of copying. */
export function copyBatchBuffers(batch: CopyBatch): ArrayBuffer[] {
  return [
    batch.idHashes,
    batch.rows,
    batch.rowEnds,
    batch.details,
    batch.detailEnds,
  ].map(array => array.buffer as ArrayBuffer);
}

/** A first guess at a tuple's size, so a batch's buffer rarely grows. */
const ROW_BYTES = 512;
const DETAIL_BYTES = 4096;

/** The rows of `findings`, newest version per id, encoded as `spec` says. */
export function encodeCopyBatch(
  findings: PreparedFinding[],
  spec: CopyBatchSpec,
  spare?: SpareBuffers,
): CopyBatch {
  const { versions, maxUpdatedAt } = newestVersions(
    findings,
    spec.sourceId,
    spec.seenAt,
  );
  const rows = new BinaryTuples(versions.length * ROW_BYTES, spare);
  const details = new BinaryTuples(versions.length * DETAIL_BYTES, spare);
  const idHashes = new Uint32Array(new ArrayBuffer(versions.length * 4));
  versions.forEach(({ row, finding }, i) => {
    idHashes[i] = findingIdHash(row.id);
    tuple(rows, row, spec.rowColumns);
    const detail = toFindingDetailRow(finding.normalized, finding.document);
    tuple(details, detail, spec.detailColumns);
  });
  const [rowBytes, rowEnds] = rows.finish();
  const [detailBytes, detailEnds] = details.finish();
  return {
    read: findings.length,
    maxUpdatedAt,
    idHashes,
    rows: rowBytes,
    rowEnds,
    details: detailBytes,
    detailEnds,
  };
}

function tuple<T extends object>(
  tuples: BinaryTuples,
  row: T,
  columns: Array<CopyColumn<keyof T & string>>,
): void {
  tuples.start(columns.length);
  for (const [name, type] of columns) tuples.value(type, row[name]);
  tuples.end();
}

/**
 * A 32-bit FNV-1a hash of a finding id (over its UTF-16 code units): what
 * a first load remembers of the ids it has written.
 */
export function findingIdHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
