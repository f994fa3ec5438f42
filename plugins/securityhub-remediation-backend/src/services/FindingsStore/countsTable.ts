import { COUNT_DIMENSIONS } from './findingCounts';

export type Dimension = (typeof COUNT_DIMENSIONS)[number];

/** A dimension's position in {@link COUNT_DIMENSIONS}. */
export const DIM = Object.fromEntries(
  COUNT_DIMENSIONS.map((d, i) => [d, i]),
) as Record<Dimension, number>;

/** The values of one dimension as small integer codes, shared by every table of a cube. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}

/** Codes of one combination, one per dimension of {@link COUNT_DIMENSIONS}. */
export type Codes = ArrayLike<number>;

/**
 * Finding counts per combination of some of the dimensions, column by
 * column: dictionary codes in typed arrays that grow as combinations appear.
 * Rows are never removed; a combination that empties stays at zero.
 */
export class CountsTable {
  /** Codes per row, by position in {@link COUNT_DIMENSIONS}; only `dims` are kept. */
  readonly columns: Int32Array[];
  n: Float64Array;
  size = 0;
  /** Row of each combination. */
  private readonly rowOf = new Map<string, number>();
  /** Rows per code of the dimensions given, for filters that pick few values. */
  readonly postings = new Map<number, number[][]>();

  constructor(
    /** Positions in {@link COUNT_DIMENSIONS} this table keeps. */
    readonly dims: readonly number[],
    postingDims: readonly number[] = [],
    capacity = 1024,
  ) {
    this.columns = COUNT_DIMENSIONS.map((_, d) =>
      dims.includes(d) ? new Int32Array(capacity) : new Int32Array(0),
    );
    this.n = new Float64Array(capacity);
    for (const d of postingDims) this.postings.set(d, []);
  }

  keeps(dimension: number): boolean {
    return this.dims.includes(dimension);
  }

  /** Adds `delta` to the row of `codes`, making the row if it is new. */
  add(codes: Codes, delta: number): void {
    const row = this.rowOf.get(this.keyOf(codes));
    if (row === undefined) this.append(codes, delta);
    else this.n[row] += delta;
  }

  /** The count of a combination (0 when unknown). */
  get(codes: Codes): number {
    const row = this.rowOf.get(this.keyOf(codes));
    return row === undefined ? 0 : this.n[row];
  }

  /** Appends a row known to be new (a full load reads each combination once). */
  append(codes: Codes, n: number): number {
    if (this.size === this.n.length) this.grow();
    const row = this.size++;
    for (const d of this.dims) this.columns[d][row] = codes[d];
    this.n[row] = n;
    for (const [d, lists] of this.postings) {
      (lists[codes[d]] ??= []).push(row);
    }
    this.rowOf.set(this.keyOf(codes), row);
    return row;
  }

  /** Two UTF-16 units per kept code: short keys, any code up to 2^32. */
  private keyOf(codes: Codes): string {
    let key = '';
    for (const d of this.dims) {
      key += String.fromCharCode(codes[d] & 0xffff, codes[d] >>> 16);
    }
    return key;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.n.length * 2);
    for (const d of this.dims) {
      const column = new Int32Array(capacity);
      column.set(this.columns[d]);
      this.columns[d] = column;
    }
    const n = new Float64Array(capacity);
    n.set(this.n);
    this.n = n;
  }
}
