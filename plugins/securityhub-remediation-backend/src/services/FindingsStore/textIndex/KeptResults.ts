/** What a kept result holds: its counts per row of the cube, and which rows are not 0. */
export interface CountedResult {
  rows: Int32Array;
  counts: Float64Array;
}

/**
 * The last few results of one index, by key: the portal asks for a view's
 * page and summary together, then pages on. A dropped result's counts are
 * zeroed and handed to the next result, so a search allocates little where
 * a new array of every row each time (5 MB at a million findings) kept the
 * garbage collector busy. A result is for use before the next `await`: the
 * counts of one no longer kept serve a later one.
 */
export class KeptResults<T extends CountedResult> {
  private readonly kept = new Map<string, T>();
  private readonly spareCounts: Float64Array[] = [];

  constructor(private readonly size: number, private readonly rows: number) {}

  get(key: string): T | undefined {
    return this.kept.get(key);
  }

  /** A zeroed counts array, one per row of the cube. */
  counts(): Float64Array {
    return this.spareCounts.pop() ?? new Float64Array(this.rows);
  }

  keep(key: string, result: T): T {
    if (this.kept.size >= this.size) {
      const [oldest, dropped] = this.kept.entries().next().value!;
      this.kept.delete(oldest);
      // Sparse rows one by one; many at once is quicker as one sweep.
      if (dropped.rows.length * 16 < dropped.counts.length) {
        for (const row of dropped.rows) dropped.counts[row] = 0;
      } else {
        dropped.counts.fill(0);
      }
      this.spareCounts.push(dropped.counts);
    }
    this.kept.set(key, result);
    return result;
  }
}
