import type { CountsTable } from './countsTable';

/** Which codes a query accepts, per restricted dimension (by position). */
export type Masks = Map<number, Uint8Array>;

/**
 * The rows `selectRows` checks: the shortest of `among` and, per masked
 * dimension with postings, the postings of the codes it accepts; all rows
 * (`lists` undefined) when none is shorter than the table.
 */
export function candidateRows(
  table: CountsTable,
  masks: Masks,
  among?: Int32Array,
): { lists?: ArrayLike<number>[]; count: number } {
  let lists: ArrayLike<number>[] | undefined;
  let count = table.size;
  if (among && among.length < count) {
    lists = [among];
    count = among.length;
  }
  for (const [d, mask] of masks) {
    const postings = table.postings.get(d);
    if (!postings) continue;
    const chosen: number[][] = [];
    let chosenCount = 0;
    for (let code = 0; code < mask.length; code++) {
      const list = postings[code];
      if (mask[code] && list) {
        chosen.push(list);
        chosenCount += list.length;
      }
    }
    if (chosenCount < count) {
      lists = chosen;
      count = chosenCount;
    }
  }
  return { lists, count };
}

/**
 * The non-empty rows of `table` that pass every mask. When a restricted
 * dimension has postings (an account, a control) only its rows are checked:
 * an account tab reads a few hundred rows of a million-finding cube.
 * Every masked dimension must be one the table keeps. `among` (ascending)
 * narrows the rows to check when it is the shortest list.
 */
export function selectRows(
  table: CountsTable,
  masks: Masks,
  among?: Int32Array,
): Int32Array {
  const { lists: candidates, count: candidateCount } = candidateRows(
    table,
    masks,
    among,
  );
  const checks = [...masks].map(
    ([d, mask]) => [table.columns[d], mask] as const,
  );
  const { n } = table;
  const passes = (row: number) => {
    if (!(n[row] > 0)) return false; // (a row past a view's counts: none)
    for (let c = 0; c < checks.length; c++) {
      if (!checks[c][1][checks[c][0][row]]) return false;
    }
    return true;
  };
  const rows = new Int32Array(candidateCount);
  let k = 0;
  if (candidates) {
    for (const list of candidates) {
      for (let j = 0; j < list.length; j++) {
        if (passes(list[j])) rows[k++] = list[j];
      }
    }
  } else {
    for (let row = 0; row < table.size; row++) {
      if (passes(row)) rows[k++] = row;
    }
  }
  return rows.subarray(0, k);
}

export function totalOf(table: CountsTable, rows: Int32Array): number {
  let total = 0;
  for (let j = 0; j < rows.length; j++) total += table.n[rows[j]];
  return total;
}

/** Findings per code of `dimension`. */
export function sumsBy(
  table: CountsTable,
  rows: Int32Array,
  dimension: number,
  codes: number,
): Float64Array {
  const sums = new Float64Array(codes);
  const column = table.columns[dimension];
  const { n } = table;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    sums[column[row]] += n[row];
  }
  return sums;
}

/** The codes that mark a counted finding failed, critical or high. */
export interface BucketCodes {
  compliance: number;
  severity: number;
  failed: number;
  critical: number;
  high: number;
}

/**
 * Per code of `dimension`, four sums side by side: total, failed, critical,
 * high (a bucket of the summary).
 */
export function bucketSumsBy(
  table: CountsTable,
  rows: Int32Array,
  dimension: number,
  codes: number,
  marks: BucketCodes,
): Float64Array {
  const sums = new Float64Array(codes * 4);
  const column = table.columns[dimension];
  const compliance = table.columns[marks.compliance];
  const severity = table.columns[marks.severity];
  const { n } = table;
  const { failed, critical, high } = marks;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    const count = n[row];
    const at = column[row] * 4;
    sums[at] += count;
    if (compliance[row] === failed) sums[at + 1] += count;
    const s = severity[row];
    if (s === critical) sums[at + 2] += count;
    else if (s === high) sums[at + 3] += count;
  }
  return sums;
}

/** Per code of `dimension`, the highest rank of a severity among its findings (-1: none). */
export function highestRankBy(
  table: CountsTable,
  rows: Int32Array,
  dimension: number,
  codes: number,
  severityDimension: number,
  rankOfSeverity: Int8Array,
): Int8Array {
  const ranks = new Int8Array(codes).fill(-1);
  const column = table.columns[dimension];
  const severity = table.columns[severityDimension];
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    const rank = rankOfSeverity[severity[row]];
    if (rank > ranks[column[row]]) ranks[column[row]] = rank;
  }
  return ranks;
}

/**
 * Per map, the counts `n` of `rows` summed by the code each row maps to
 * (`sizes[k]` codes). Two maps per pass: each pass reads `rows` and `n`
 * once, which at hundreds of thousands of rows costs as much as the sums.
 */
export function sumsThroughMaps(
  rows: Int32Array,
  n: Float64Array,
  maps: Int32Array[],
  sizes: number[],
): Float64Array[] {
  const sums = sizes.map(size => new Float64Array(size));
  for (let k = 0; k < maps.length; k += 2) {
    // An odd last map is summed twice, the second time into a spare.
    const [first, second] = [maps[k], maps[k + 1] ?? maps[k]];
    const [toFirst, toSecond] = [
      sums[k],
      sums[k + 1] ?? new Float64Array(sizes[k]),
    ];
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j];
      const count = n[row];
      toFirst[first[row]] += count;
      toSecond[second[row]] += count;
    }
  }
  return sums;
}
