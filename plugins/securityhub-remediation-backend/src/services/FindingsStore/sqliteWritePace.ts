/**
 * How many findings one SQLite write statement takes. better-sqlite3 runs a
 * statement on the event loop, so its duration is how long every request
 * then waits; its cost per finding grows with the table (deeper indexes,
 * fewer cached pages): at a million findings 250 rows held the loop ~25 ms
 * and requests made during an import waited ~300 ms at p95.
 *
 * The pace keeps each statement pair near `sliceMs`: it halves the rows
 * after a slow write and doubles them after a quick one. Sizes are powers
 * of two so that few statement texts are prepared.
 */
export class SqliteWritePace {
  private rows: number;

  constructor(
    private readonly options: {
      sliceMs: number;
      minRows: number;
      maxRows: number;
    } = { sliceMs: 8, minRows: 16, maxRows: 256 },
  ) {
    this.rows = options.minRows * 4;
  }

  /** Rows for the next statement. */
  nextRows(): number {
    return this.rows;
  }

  /** Records how long a write of `rows` findings took. */
  record(rows: number, ms: number): void {
    const { sliceMs, minRows, maxRows } = this.options;
    if (rows < this.rows) return; // a batch's short tail says little
    if (ms > sliceMs) this.rows = Math.max(minRows, this.rows / 2);
    else if (ms < sliceMs / 2) this.rows = Math.min(maxRows, this.rows * 2);
  }
}

/** One per process: a SQLite file has one writer, and its cost is what adapts. */
export const sqliteWritePace = new SqliteWritePace();
