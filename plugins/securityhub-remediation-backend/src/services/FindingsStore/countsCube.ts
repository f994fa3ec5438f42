import type { Knex } from 'knex';
import type {
  FindingsFilter,
  FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import { scopeAllows, type FindingScope } from './filters';
import { COUNT_DIMENSIONS } from './findingCounts';
import { readInChunks, type CountRow } from './countsRows';
import { CountsTable, DIM, Dictionary, type Dimension } from './countsTable';
import { selectRows, sumsThroughMaps, type Masks } from './countsAggregation';
import {
  planSelection,
  selectParts,
  sumsOfParts,
  totalOfParts,
} from './countsSelection';
import { summarizeCube } from './cubeSummary';

/** The filter field of each dimension. */
const FILTER_OF: Record<Dimension, keyof FindingsFilter> = {
  aws_account_id: 'accountId',
  region: 'region',
  control_id: 'controlId',
  resource_type: 'resourceType',
  severity: 'severity',
  compliance_status: 'complianceStatus',
  workflow_status: 'workflowStatus',
  record_state: 'recordState',
};

/** Rows folded into the aggregates between turns of the event loop. */
const FOLD_CHUNK_ROWS = 20_000;

const STATUS = [
  DIM.severity,
  DIM.compliance_status,
  DIM.workflow_status,
  DIM.record_state,
];
/** Dimensions whose filters pick few values of many: read through postings. */
const NARROW = [DIM.aws_account_id, DIM.control_id, DIM.resource_type];

/**
 * The counts table in memory for one data version: every row (a combination
 * of all eight dimensions), plus smaller aggregates of it — per account,
 * control, resource type and region, each with region and the four status
 * dimensions. A summary or total is answered from the smallest table that
 * keeps every dimension it filters on and sums by: at a million findings
 * over a thousand accounts the full table has ~660,000 rows, the aggregates
 * ~45,000 together, and a narrow filter (an account, a control) reads the
 * full table's rows of that value only.
 *
 * The counts table stamps every row it changes with the data version
 * (`changed_at`), so a new version is caught up by reading the rows changed
 * since — not the whole table again.
 */
export class CountsCube {
  private constructor(
    private readonly dictionaries = COUNT_DIMENSIONS.map(
      () => new Dictionary(),
    ),
    private readonly full = new CountsTable(
      COUNT_DIMENSIONS.map((_, d) => d),
      NARROW,
    ),
    private readonly aggregates = [
      [DIM.region],
      [DIM.aws_account_id, DIM.region],
      [DIM.control_id, DIM.region],
      [DIM.resource_type, DIM.region],
    ].map(dims => new CountsTable([...dims, ...STATUS], dims.slice(0, 1), 256)),
  ) {}

  /**
   * The cube of some of the findings (such as those a free text matches,
   * see `FindingsTextIndex`): `n` counts them per row of the full table (its
   * length is the rows the view has), `rows` lists the rows where it is not
   * 0, and `maps` are this cube's {@link CountsCube.aggregateRowMaps} for at
   * least those rows. Its aggregates are summed from `n`, so its summaries
   * read them as this cube's do — tens of thousands of rows, not the full
   * table's hundreds of thousands a word found in most findings falls in.
   */
  weighted(n: Float64Array, rows: Int32Array, maps: Int32Array[]): CountsCube {
    const sums = sumsThroughMaps(
      rows,
      n,
      maps,
      this.aggregates.map(table => table.size),
    );
    const aggregates = this.aggregates.map((table, k) =>
      table.withCounts(sums[k]),
    );
    return new CountsCube(
      this.dictionaries,
      this.full.withCounts(n),
      aggregates,
    );
  }

  /**
   * Per aggregate, the aggregate row of each full-table row: for
   * `weighted`. Looked up a chunk of rows at a time, with a turn of the
   * event loop between (a million findings make ~660,000 rows).
   */
  async aggregateRowMaps(): Promise<Int32Array[]> {
    const maps = this.aggregates.map(() => new Int32Array(this.full.size));
    await this.eachFullRow((row, codes) => {
      this.aggregates.forEach((table, k) => {
        maps[k][row] = table.rowOf(codes);
      });
    });
    return maps;
  }

  /** Rows of the full table (combinations seen so far). */
  get rows(): number {
    return this.full.size;
  }

  /** The full table's row of a finding's combination; -1 when unknown. */
  rowOf(finding: Record<Dimension, string | null>): number {
    const codes = new Int32Array(COUNT_DIMENSIONS.length);
    for (let d = 0; d < codes.length; d++) {
      const value = finding[COUNT_DIMENSIONS[d]] ?? '';
      const code = this.dictionaries[d].find(value);
      if (code === undefined) return -1;
      codes[d] = code;
    }
    return this.full.rowOf(codes);
  }

  /** The codes of `dimension` per full-table row, and the values they stand for. */
  column(dimension: Dimension): { codes: Int32Array; values: string[] } {
    const d = DIM[dimension];
    return {
      codes: this.full.columns[d],
      values: this.dictionaries[d].values,
    };
  }

  /**
   * The full table's non-empty rows matching the filter's dimensions and
   * scope; of `among` only (ascending), when given.
   */
  rowsMatching(
    filter: FindingsFilter,
    scope: FindingScope,
    among?: Int32Array,
  ): Int32Array {
    return selectRows(this.full, this.masks(filter, scope), among);
  }

  /** Whether the filter's dimensions or the scope leave out any value. */
  restricts(filter: FindingsFilter, scope: FindingScope): boolean {
    return this.masks(filter, scope).size > 0;
  }

  /** The cube of the current data version: `current` caught up, or read whole. */
  static async refreshed(
    db: Knex,
    current?: { version: string; cube: CountsCube },
  ): Promise<CountsCube> {
    // An empty cube (a store read before its first load) is read whole:
    // every row changed since, and a whole read needs no lookups.
    if (!current || current.cube.isEmpty()) return CountsCube.load(db);
    await current.cube.catchUp(db, current.version);
    return current.cube;
  }

  /**
   * Reads the counts table in key order, a chunk at a time with a turn of
   * the event loop between chunks: on SQLite a read runs on the event loop,
   * and a million findings of many accounts make hundreds of thousands of
   * rows. Writes between chunks make the cube a mix of versions; it is
   * labelled with the version read before, and the rows those writes
   * stamped are read again when it is next caught up.
   */
  static async load(db: Knex): Promise<CountsCube> {
    const cube = new CountsCube();
    const codes = new Int32Array(COUNT_DIMENSIONS.length);
    await readInChunks(db, undefined, rows => {
      for (const row of rows) {
        if (Number(row.n) <= 0) continue;
        cube.encode(row, codes);
        cube.full.append(codes, Number(row.n));
      }
    });
    await cube.eachFullRow((row, rowCodes) => {
      for (const aggregate of cube.aggregates) {
        aggregate.add(rowCodes, cube.full.n[row]);
      }
    });
    return cube;
  }

  /**
   * Applies the counts rows changed after `version`, a chunk at a time as
   * they are read. Until it ends the cube is a mix of versions, as a whole
   * read over writes is; it stays labelled with the version it had, so
   * answers in between are not kept as current ones.
   */
  async catchUp(db: Knex, version: string): Promise<void> {
    const codes = new Int32Array(COUNT_DIMENSIONS.length);
    await readInChunks(db, version, rows => {
      for (const row of rows) {
        this.encode(row, codes);
        const delta = Number(row.n) - this.full.get(codes);
        if (delta === 0) continue;
        this.full.add(codes, delta);
        for (const aggregate of this.aggregates) aggregate.add(codes, delta);
      }
    });
  }

  /**
   * Calls `visit` with each row of the full table (as many as it has now)
   * and its codes, a chunk of rows at a time with a turn of the event loop
   * between.
   */
  private async eachFullRow(
    visit: (row: number, codes: Int32Array) => void,
  ): Promise<void> {
    const codes = new Int32Array(COUNT_DIMENSIONS.length);
    const rows = this.full.size;
    for (let row = 0; row < rows; row++) {
      if (row > 0 && row % FOLD_CHUNK_ROWS === 0) {
        await new Promise(resolve => setImmediate(resolve));
      }
      for (let d = 0; d < codes.length; d++) {
        codes[d] = this.full.columns[d][row];
      }
      visit(row, codes);
    }
  }

  isEmpty(): boolean {
    return this.full.size === 0;
  }

  private encode(row: CountRow, codes: Int32Array): void {
    for (let d = 0; d < codes.length; d++) {
      codes[d] = this.dictionaries[d].code(row[COUNT_DIMENSIONS[d]] ?? '');
    }
  }

  /** The values of dimension `d` (by position), by code. */
  values(d: number): string[] {
    return this.dictionaries[d].values;
  }

  /** Which codes count: a mask per dimension the filter or scope restricts. */
  masks(filter: FindingsFilter, scope: FindingScope): Masks {
    const masks: Masks = new Map();
    COUNT_DIMENSIONS.forEach((dimension, d) => {
      const wanted = filter[FILTER_OF[dimension]] as string[] | undefined;
      const inScope =
        d === DIM.aws_account_id && scope
          ? (v: string) => scopeAllows(scope, v)
          : undefined;
      const accepts =
        wanted && wanted.length > 0
          ? (v: string) => wanted.includes(v) && (!inScope || inScope(v))
          : inScope;
      if (accepts) {
        masks.set(
          d,
          Uint8Array.from(this.dictionaries[d].values, v =>
            accepts(v) ? 1 : 0,
          ),
        );
      }
    });
    return masks;
  }

  /** The smallest table keeping every dimension in `needed`. */
  tableFor(needed: number[]): CountsTable {
    let best = this.full;
    for (const table of this.aggregates) {
      if (table.size < best.size && needed.every(d => table.keeps(d))) {
        best = table;
      }
    }
    return best;
  }

  /** Findings matching the filter (without free text) in scope. */
  total(filter: FindingsFilter, scope: FindingScope): number {
    return totalOfParts(
      selectParts(planSelection(this, [], this.masks(filter, scope))),
    );
  }

  /**
   * Findings matching the filter (without free text) in scope per value of
   * dimension `d`, by code (see {@link CountsCube.values}).
   */
  countsBy(
    d: number,
    filter: FindingsFilter,
    scope: FindingScope,
  ): Float64Array {
    return sumsOfParts(
      selectParts(planSelection(this, [d], this.masks(filter, scope))),
      d,
      this.values(d).length,
    );
  }

  /** The summary of the filter (without free text) in scope; control titles empty. */
  summary(filter: FindingsFilter, scope: FindingScope): FindingsSummary {
    return summarizeCube(this, filter, scope);
  }
}
