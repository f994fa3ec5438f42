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

  /** The code of a value already seen. */
  find(value: string): number | undefined {
    return this.codes.get(value);
  }

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
  /**
   * Rows by their codes: open addressing, each slot the row + 1 (0 is
   * empty). Typed arrays instead of a Map of string keys: a million-finding
   * cube has ~660,000 rows, and no key strings to build or collect.
   */
  private slots = new Int32Array(2048);
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
    const row = this.find(codes);
    if (row < 0) this.append(codes, delta);
    else this.n[row] += delta;
  }

  /** The count of a combination (0 when unknown). */
  get(codes: Codes): number {
    const row = this.find(codes);
    return row < 0 ? 0 : this.n[row];
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
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(row);
    return row;
  }

  /**
   * This table's rows with other counts (`n`, one per row: its length is
   * the rows the view has). For reading only: it shares the codes, lookups
   * and postings, which later rows of this table do not disturb.
   */
  withCounts(n: Float64Array): CountsTable {
    const table = new CountsTable(this.dims, [], 0);
    Object.assign(table, {
      columns: this.columns,
      postings: this.postings,
      slots: this.slots,
      size: n.length,
      n,
    });
    return table;
  }

  /** The row of `codes`, or -1. */
  rowOf(codes: Codes): number {
    return this.find(codes);
  }

  private find(codes: Codes): number {
    const mask = this.slots.length - 1;
    for (let i = this.hashOf(codes) & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i];
      if (slot === 0) return -1;
      if (this.rowHas(slot - 1, codes)) return slot - 1;
    }
  }

  private rowHas(row: number, codes: Codes): boolean {
    for (const d of this.dims) {
      if (this.columns[d][row] !== codes[d]) return false;
    }
    return true;
  }

  private place(row: number): void {
    const mask = this.slots.length - 1;
    let i = this.hashOf(this.codesOf(row)) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = row + 1;
  }

  /** Twice the slots, every row placed again. */
  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let row = 0; row < this.size; row++) this.place(row);
  }

  private readonly scratch = new Int32Array(COUNT_DIMENSIONS.length);

  private codesOf(row: number): Codes {
    for (const d of this.dims) this.scratch[d] = this.columns[d][row];
    return this.scratch;
  }

  private hashOf(codes: Codes): number {
    let hash = 0;
    for (const d of this.dims) {
      hash = Math.imul(hash ^ codes[d], 0x9e3779b1);
      hash ^= hash >>> 15;
    }
    return hash;
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
