import { DIM, type CountsTable } from './countsTable';
import {
  bucketSumsBy,
  candidateRows,
  highestRankBy,
  selectRows,
  sumsBy,
  totalOf,
  type BucketCodes,
  type Masks,
} from './countsAggregation';

/** The rows of a table that pass `masks`, counted with `sign`. */
export interface SelectionPart {
  table: CountsTable;
  masks: Masks;
  sign: 1 | -1;
}

/** A part's rows, selected: a selection's counts are the parts' signed sum. */
export interface SignedRows {
  table: CountsTable;
  rows: Int32Array;
  sign: 1 | -1;
}

/** What a selection reads of a cube: its smallest table keeping some dimensions. */
export interface CubeTableChoice {
  tableFor(needed: number[]): CountsTable;
}

/**
 * How to count by `needed` dimensions under `masks`. Directly: the rows of
 * the smallest table keeping them all that pass every mask. But a scope
 * that leaves out a few of a thousand accounts masks nearly every account,
 * and only the full table keeps accounts with controls or resource types:
 * a summary would read most of its ~660,000 rows at a million findings.
 * Then the findings of every account (from an aggregate of a few thousand
 * rows) less those of the accounts left out (through their postings) is
 * the same count for a fraction of the reading. The way that checks fewer
 * rows is taken.
 */
export function planSelection(
  cube: CubeTableChoice,
  needed: number[],
  masks: Masks,
): SelectionPart[] {
  const direct: SelectionPart = {
    table: cube.tableFor([...needed, ...masks.keys()]),
    masks,
    sign: 1,
  };
  const accounts = masks.get(DIM.aws_account_id);
  if (!accounts) return [direct];
  const unscoped = new Map(masks);
  unscoped.delete(DIM.aws_account_id);
  const leftOut = new Map(masks);
  leftOut.set(
    DIM.aws_account_id,
    accounts.map(accepted => 1 - accepted),
  );
  const everyAccount: SelectionPart = {
    table: cube.tableFor([...needed, ...unscoped.keys()]),
    masks: unscoped,
    sign: 1,
  };
  const lessLeftOut: SelectionPart = {
    table: direct.table,
    masks: leftOut,
    sign: -1,
  };
  const checked = (part: SelectionPart) =>
    candidateRows(part.table, part.masks).count;
  return checked(everyAccount) + checked(lessLeftOut) < checked(direct)
    ? [everyAccount, lessLeftOut]
    : [direct];
}

/** Selects each part's rows. */
export function selectParts(parts: SelectionPart[]): SignedRows[] {
  return parts.map(({ table, masks, sign }) => ({
    table,
    rows: selectRows(table, masks),
    sign,
  }));
}

/** Per-part arrays of sums, added with each part's sign. */
function signedSum(
  parts: SignedRows[],
  sumsOf: (part: SignedRows) => Float64Array,
): Float64Array {
  const [first, ...rest] = parts;
  const total = sumsOf(first);
  if (first.sign < 0) total.forEach((v, i) => (total[i] = -v));
  for (const part of rest) {
    const sums = sumsOf(part);
    for (let i = 0; i < total.length; i++) total[i] += part.sign * sums[i];
  }
  return total;
}

/** Findings of the selection. */
export function totalOfParts(parts: SignedRows[]): number {
  return parts.reduce((t, p) => t + p.sign * totalOf(p.table, p.rows), 0);
}

/** Findings of the selection per code of `dimension` (see `sumsBy`). */
export function sumsOfParts(
  parts: SignedRows[],
  dimension: number,
  codes: number,
): Float64Array {
  return signedSum(parts, p => sumsBy(p.table, p.rows, dimension, codes));
}

/** The selection's buckets per code of `dimension` (see `bucketSumsBy`). */
export function bucketSumsOfParts(
  parts: SignedRows[],
  dimension: number,
  codes: number,
  marks: BucketCodes,
): Float64Array {
  return signedSum(parts, p =>
    bucketSumsBy(p.table, p.rows, dimension, codes, marks),
  );
}

/**
 * Per code of `dimension`, the highest rank of a severity among the
 * selection's findings (-1: none). A highest value cannot be subtracted:
 * a selection of several parts counts findings per code and rank, then
 * takes the highest rank left with findings.
 */
export function highestRankOfParts(
  parts: SignedRows[],
  dimension: number,
  codes: number,
  severityDimension: number,
  rankOfSeverity: Int8Array,
): Int8Array {
  if (parts.length === 1 && parts[0].sign === 1) {
    const [{ table, rows }] = parts;
    return highestRankBy(
      table,
      rows,
      dimension,
      codes,
      severityDimension,
      rankOfSeverity,
    );
  }
  const ranks = Math.max(-1, ...rankOfSeverity) + 1;
  const counts = signedSum(parts, ({ table, rows }) => {
    const sums = new Float64Array(codes * ranks);
    const column = table.columns[dimension];
    const severity = table.columns[severityDimension];
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j];
      const rank = rankOfSeverity[severity[row]];
      if (rank >= 0) sums[column[row] * ranks + rank] += table.n[row];
    }
    return sums;
  });
  const highest = new Int8Array(codes).fill(-1);
  for (let code = 0; code < codes; code++) {
    for (let rank = ranks - 1; rank >= 0; rank--) {
      if (counts[code * ranks + rank] > 0) {
        highest[code] = rank;
        break;
      }
    }
  }
  return highest;
}
