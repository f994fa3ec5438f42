import type { Knex } from 'knex';
import {
  severityRank,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { CountsCube } from '../countsCube';
import type { Dimension } from '../countsTable';
import { COUNT_DIMENSIONS, readDataVersion } from '../findingCounts';
import { FINDINGS_TABLE } from '../rows';
import { IndexedFindings, type TermHits } from './IndexedFindings';
import { ResourceIdLists } from './ResourceIdLists';
import { TextDictionary } from './TextDictionary';
import { TypedList } from './TypedList';

type IndexedRow = Record<Dimension, string | null> & {
  pk: number;
  title: string;
  search_text: string;
};

/** The fields of the search text that are columns too; the rest are resource ids. */
const TEXT_COLUMNS = ['control_id', 'aws_account_id', 'region'] as const;

/** The dimensions resource ids name: a resource's findings share their values. */
const LIST_DIMENSIONS = ['aws_account_id', 'region'] as const;

/** Searches kept per index, for the page and summary of one search. */
const KEPT_SEARCHES = 4;

export interface TextIndexBuildOptions {
  /** Asked after every chunk: true stops the build (this process writes). */
  stop?: () => boolean;
  /** Rows read per query, with a turn of the event loop between. */
  chunkRows: number;
  /** No index above this many findings (its memory is ~40 bytes a finding plus its distinct texts). */
  maxFindings: number;
}

/** Where a page sorted by severity starts: the last row of the page before. */
export interface SeverityPageStart {
  rank: number;
  pk: number;
}

/**
 * Free-text search over one data version of the findings, in memory, with
 * the same answers as `search_text LIKE '%term%'` for every term.
 *
 * The search text is the title, control, account, region and resource ids
 * joined by spaces, and a term holds no space, so a finding matches a term
 * exactly when one of those fields holds it. Control, account and region
 * are dimensions of the counts cube; titles and resource-id lists are
 * dictionaries of distinct texts. A term is looked up once per distinct
 * text and value (see `ResourceIdLists` for the segments that make the
 * lists' lookup quick), which gives which titles, lists and rows of the
 * cube hold it; a finding matches when its title, list or row does.
 *
 * The matches are counted per row of the cube through the findings of those
 * titles and lists (the work grows with the matches, not the findings; a
 * row that holds the term counts whole), and the cube weighted by those
 * counts answers the summary, facets and total of a search as it does
 * without one.
 */
export class FindingsTextIndex {
  private readonly kept = new Map<string, TextSearchResult>();
  /**
   * Counts arrays of searches no longer kept, zeroed, for the next ones: a
   * search then allocates little, where a new array of every row each time
   * (5 MB at a million findings) kept the garbage collector busy.
   */
  private readonly spareCounts: Float64Array[] = [];
  /** Per row of the cube, 1 while a page is picked from rows that pass; else 0. */
  private readonly passingRows: Uint8Array;
  /** The findings of each severity rank, ascending: a severity page walks them. */
  private readonly byRank = new Map<number, Int32Array>();
  /** Per row of the cube, the rank of its severity. */
  private readonly rankOfRow: Int8Array;

  private constructor(
    readonly version: string,
    readonly cube: CountsCube,
    private readonly rowMaps: Int32Array[],
    private readonly pks: Float64Array,
    private readonly findings: IndexedFindings,
    private readonly titles: TextDictionary,
    private readonly resources: ResourceIdLists,
  ) {
    this.passingRows = new Uint8Array(findings.rows);
    const { codes, values } = cube.column('severity');
    const rankOfCode = values.map(v => severityRank(v as SeverityLabel));
    this.rankOfRow = Int8Array.from(
      { length: findings.rows },
      (_, row) => rankOfCode[codes[row]],
    );
    const lists = new Map<number, number[]>();
    for (let i = 0; i < findings.size; i++) {
      const rank = this.rankOfRow[findings.rowOf[i]];
      let list = lists.get(rank);
      if (!list) lists.set(rank, (list = []));
      list.push(i);
    }
    for (const [rank, list] of lists) {
      this.byRank.set(rank, Int32Array.from(list));
    }
  }

  /**
   * Reads the findings of `version` in key order, mapped onto `cube` (which
   * must count that version). Undefined as soon as the data moves on from
   * `version` (checked after every chunk, so a write during an import costs
   * one chunk's work, not a whole read), when the cube does not know a
   * finding's combination (it trails the table), or when there are too many.
   */
  static async build(
    db: Knex,
    cube: CountsCube,
    version: string,
    options: TextIndexBuildOptions,
  ): Promise<FindingsTextIndex | undefined> {
    // As many findings as the cube counts (more if the table moved on).
    const expected = cube.total({}, undefined);
    if (expected > options.maxFindings) return undefined;
    const ints = () => new TypedList(n => new Int32Array(n), expected);
    const pks = new TypedList(n => new Float64Array(n), expected);
    const rows = ints();
    const titleCodes = ints();
    const resourceCodes = ints();
    const titles = new TextDictionary();
    const resources = new ResourceIdLists();
    let after = 0;
    for (;;) {
      const chunk: IndexedRow[] = await db(FINDINGS_TABLE)
        .select('pk', 'title', 'search_text', ...COUNT_DIMENSIONS)
        .where('pk', '>', after)
        .orderBy('pk')
        .limit(options.chunkRows);
      for (const finding of chunk) {
        const row = cube.rowOf(finding);
        if (row < 0) return undefined;
        const title = (finding.title ?? '').toLowerCase();
        pks.push(Number(finding.pk));
        rows.push(row);
        titleCodes.push(titles.code(title));
        resourceCodes.push(resources.code(resourceText(finding, title)));
      }
      if (pks.length > options.maxFindings) return undefined;
      if (options.stop?.()) return undefined;
      if ((await readDataVersion(db)) !== version) return undefined;
      if (chunk.length < options.chunkRows) break;
      after = Number(chunk[chunk.length - 1].pk);
      await new Promise(resolve => setImmediate(resolve));
    }
    titles.seal();
    resources.seal();
    const cubeRows = cube.rows;
    const rowMaps = await cube.aggregateRowMaps();
    if (options.stop?.() || cube.rows !== cubeRows) return undefined;
    const findings = new IndexedFindings(
      cubeRows,
      rows.values(),
      titleCodes.values(),
      resourceCodes.values(),
      titles.size,
      resources.size,
      LIST_DIMENSIONS.map(dimension => cube.column(dimension).codes),
    );
    return new FindingsTextIndex(
      version,
      cube,
      rowMaps,
      pks.values(),
      findings,
      titles,
      resources,
    );
  }

  /** Findings in the index. */
  get size(): number {
    return this.pks.length;
  }

  /**
   * The findings whose search text holds every term: which they are, and
   * the cube of them. Kept for the last few searches of this version: the
   * portal asks for a search's page and summary together, then pages on.
   * A result is for use before the next `await`: the counts of one no
   * longer kept serve a later search.
   */
  search(terms: string[]): TextSearchResult {
    const key = terms.join(' ');
    const kept = this.kept.get(key);
    if (kept) return kept;
    const hits = terms.map(term => this.hitsOf(term));
    const counts =
      this.spareCounts.pop() ?? new Float64Array(this.findings.rows);
    const { listed, rows } = this.findings.count(hits, counts);
    const result = {
      hits,
      listed,
      rows,
      counts,
      cube: this.cube.weighted(counts, rows, this.rowMaps),
    };
    if (this.kept.size >= KEPT_SEARCHES) {
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

  /** The titles, resource-id lists and cube rows that hold `term`. */
  private hitsOf(term: string): TermHits {
    return {
      titles: this.titles.matching(term),
      resources: this.resources.matching(term),
      ...this.rowsHolding(term),
    };
  }

  /**
   * Per row of the cube, 1 when its control, account or region holds the
   * term, and per value of the dimensions resource ids name, 1 when it
   * does; undefined when no value does (most terms).
   */
  private rowsHolding(term: string): Pick<TermHits, 'rows' | 'values'> {
    const masks = TEXT_COLUMNS.map(dimension => {
      const { values } = this.cube.column(dimension);
      const mask = Uint8Array.from(values, v =>
        v.toLowerCase().includes(term) ? 1 : 0,
      );
      return mask.includes(1) ? mask : undefined;
    });
    if (masks.every(mask => !mask)) return {};
    const rows = new Uint8Array(this.findings.rows);
    TEXT_COLUMNS.forEach((dimension, d) => {
      const mask = masks[d];
      if (!mask) return;
      const { codes } = this.cube.column(dimension);
      for (let row = 0; row < rows.length; row++) rows[row] |= mask[codes[row]];
    });
    const named = (dimension: Dimension) =>
      masks[TEXT_COLUMNS.indexOf(dimension as (typeof TEXT_COLUMNS)[number])];
    return { rows, values: LIST_DIMENSIONS.map(named) };
  }

  /**
   * `pick` with `passingRows` marking the rows listed, unmarked after;
   * undefined (every row passes) without a list.
   */
  private withPassing<T>(
    passing: Int32Array | undefined,
    pick: (rows: Uint8Array | undefined) => T,
  ): T {
    if (!passing) return pick(undefined);
    const rows = this.passingRows;
    for (let j = 0; j < passing.length; j++) rows[passing[j]] = 1;
    try {
      return pick(rows);
    } finally {
      for (let j = 0; j < passing.length; j++) rows[passing[j]] = 0;
    }
  }

  /**
   * Keys of the matching findings in the rows that pass (`passing`, rows of
   * the search's cube; undefined: all), in key order; undefined past `max`.
   */
  keys(
    result: TextSearchResult,
    passing: Int32Array | undefined,
    max: number,
  ): number[] | undefined {
    return this.withPassing(passing, rowPasses =>
      this.keysIn(result, rowPasses, max),
    );
  }

  private keysIn(
    result: TextSearchResult,
    rowPasses: Uint8Array | undefined,
    max: number,
  ): number[] | undefined {
    const keys: number[] = [];
    const visit = (i: number) => {
      if (rowPasses && !rowPasses[this.findings.rowOf[i]]) return true;
      if (keys.length === max) return false;
      keys.push(this.pks[i]);
      return true;
    };
    if (result.listed) {
      for (const i of result.listed) if (!visit(i)) return undefined;
    } else {
      for (let i = 0; i < this.findings.size; i++) {
        if (this.findings.holdsAll(result.hits, i) && !visit(i)) {
          return undefined;
        }
      }
    }
    return keys;
  }

  /**
   * The keys of one page sorted by severity rank then key (as the list's
   * SQL sorts), `count` of them from `offset` after `start`: the rows of
   * that page, so the page's query reads those rows only. Walks the
   * matches of each rank in turn — those listed, or every finding of the
   * rank — and stops once the page is full.
   */
  severityPage(
    result: TextSearchResult,
    passing: Int32Array | undefined,
    order: 'asc' | 'desc',
    start: SeverityPageStart | undefined,
    offset: number,
    count: number,
  ): number[] {
    return this.withPassing(passing, rowPasses =>
      this.severityPageIn(result, rowPasses, order, start, offset, count),
    );
  }

  private severityPageIn(
    result: TextSearchResult,
    rowPasses: Uint8Array | undefined,
    order: 'asc' | 'desc',
    start: SeverityPageStart | undefined,
    offset: number,
    count: number,
  ): number[] {
    const need = offset + count;
    const keys: number[] = [];
    const descending = order === 'desc';
    const ranks = [...this.byRank.keys()].sort((a, b) =>
      descending ? b - a : a - b,
    );
    const { rowOf } = this.findings;
    const { listed } = result;
    for (const rank of ranks) {
      if (start && (descending ? rank > start.rank : rank < start.rank)) {
        continue;
      }
      const findings = listed
        ? listed.filter(i => this.rankOfRow[rowOf[i]] === rank)
        : this.byRank.get(rank)!;
      const last = findings.length - 1;
      for (let j = 0; j <= last && keys.length < need; j++) {
        const i = findings[descending ? last - j : j];
        if (rowPasses && !rowPasses[rowOf[i]]) continue;
        if (!listed && !this.findings.holdsAll(result.hits, i)) continue;
        const pk = this.pks[i];
        if (start && rank === start.rank) {
          if (descending ? pk >= start.pk : pk <= start.pk) continue;
        }
        keys.push(pk);
      }
      if (keys.length === need) break;
    }
    return keys.slice(offset);
  }
}

/** The findings a search matches (see `FindingsTextIndex.search`). */
export interface TextSearchResult {
  /** What holds each term. */
  hits: TermHits[];
  /** The matching findings, ascending, when there are few. */
  listed?: Int32Array;
  /** The rows of the cube the matches fall in, ascending. */
  rows: Int32Array;
  /** The matches per row of the cube (0 but at `rows`). */
  counts: Float64Array;
  /** The cube weighted by the matches: its rows are those of the index's cube. */
  cube: CountsCube;
}

/**
 * The resource ids part of a finding's search text: what follows the title,
 * control, account and region (see `searchTextOf`); the whole text if it
 * does not start with them, which only makes more fields searchable.
 */
function resourceText(finding: IndexedRow, title: string): string {
  const text = finding.search_text ?? '';
  const head = [title, ...TEXT_COLUMNS.map(c => finding[c])]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  if (!text.startsWith(head)) return text;
  return text.slice(head.length + 1);
}
