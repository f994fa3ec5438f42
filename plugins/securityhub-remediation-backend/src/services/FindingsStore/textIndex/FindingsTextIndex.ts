import type { Knex } from 'knex';
import {
  severityRank,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { CountsCube } from '../countsCube';
import type { Dimension } from '../countsTable';
import { COUNT_DIMENSIONS, readDataVersion } from '../findingCounts';
import { FINDINGS_TABLE } from '../rows';
import { Postings } from './Postings';
import { TextDictionary } from './TextDictionary';

type IndexedRow = Record<Dimension, string | null> & {
  pk: number;
  title: string;
  search_text: string;
};

/** The fields of the search text that are columns too; the rest are resource ids. */
const TEXT_COLUMNS = ['control_id', 'aws_account_id', 'region'] as const;

/** Searches kept per index, for the page and summary of one search. */
const KEPT_SEARCHES = 4;

export interface TextIndexBuildOptions {
  /** Asked after every chunk: true stops the build (this process writes). */
  stop?: () => boolean;
  /** Rows read per query, with a turn of the event loop between. */
  chunkRows: number;
  /** No index above this many findings (its memory is ~30 bytes a finding plus its distinct texts). */
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
 * are dimensions of the counts cube; titles and resource-id lists are two
 * dictionaries of distinct texts. A term is looked up once per distinct
 * text and value, then the findings of those that hold it are marked
 * through postings (tens of ms at a million findings, growing with the
 * matches), where SQL reads every row's text (1–2 s).
 *
 * Each finding also knows its row of the cube, so the matching findings are
 * counted per row and the cube answers the summary, facets and total of a
 * search from those counts, as it does without one.
 */
export class FindingsTextIndex {
  private readonly kept = new Map<string, TextSearchResult>();
  /** The findings of each row of the cube (as it was when built). */
  private readonly byRow: Postings;
  /** The findings of each severity rank, ascending: a severity page walks them. */
  private readonly byRank = new Map<number, Int32Array>();

  private constructor(
    readonly version: string,
    readonly cube: CountsCube,
    private readonly pks: Float64Array,
    private readonly rowOfFinding: Int32Array,
    private readonly titles: TextDictionary,
    private readonly byTitle: Postings,
    private readonly resources: TextDictionary,
    private readonly byResources: Postings,
  ) {
    this.byRow = Postings.of(rowOfFinding, cube.rows);
    const { codes, values } = cube.column('severity');
    const rankOfCode = values.map(v => severityRank(v as SeverityLabel));
    const lists = new Map<number, number[]>();
    for (let i = 0; i < rowOfFinding.length; i++) {
      const rank = rankOfCode[codes[rowOfFinding[i]]];
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
    const pks: number[] = [];
    const rows: number[] = [];
    const titleCodes: number[] = [];
    const resourceCodes: number[] = [];
    const titles = new TextDictionary();
    const resources = new TextDictionary();
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
    return new FindingsTextIndex(
      version,
      cube,
      Float64Array.from(pks),
      Int32Array.from(rows),
      titles,
      Postings.of(titleCodes, titles.size),
      resources,
      Postings.of(resourceCodes, resources.size),
    );
  }

  get size(): number {
    return this.pks.length;
  }

  /**
   * The findings whose search text holds every term: which they are, and
   * the cube of them. Kept for the last few searches of this version: the
   * portal asks for a search's page and summary together, then pages on.
   */
  search(terms: string[]): TextSearchResult {
    const key = terms.join(' ');
    const kept = this.kept.get(key);
    if (kept) return kept;
    const [first, ...others] = terms;
    const matched = this.findingsHolding(first);
    for (const term of others) {
      const holding = this.findingsHolding(term);
      for (let i = 0; i < matched.length; i++) matched[i] &= holding[i];
    }
    // The matches per row, the rows they fall in, then those rows side by side.
    const counts = new Int32Array(this.cube.rows);
    for (let i = 0; i < matched.length; i++) {
      if (matched[i]) counts[this.rowOfFinding[i]]++;
    }
    let used = 0;
    for (let row = 0; row < counts.length; row++) if (counts[row]) used++;
    const rows = new Int32Array(used);
    for (let row = 0, j = 0; row < counts.length; row++) {
      if (counts[row]) rows[j++] = row;
    }
    const result = { matched, rows, cube: this.cube.subset(rows, counts) };
    if (this.kept.size >= KEPT_SEARCHES) {
      this.kept.delete(this.kept.keys().next().value!);
    }
    this.kept.set(key, result);
    return result;
  }

  /**
   * Per finding, 1 when its search text holds `term`: the findings of the
   * titles, resource-id lists and cube rows that hold it, visited through
   * their postings — the work grows with the matches, not the findings.
   */
  private findingsHolding(term: string): Uint8Array {
    const marks = new Uint8Array(this.size);
    this.byTitle.mark(this.titles.matching(term), marks);
    this.byResources.mark(this.resources.matching(term), marks);
    const rows = this.rowsHolding(term);
    if (rows) this.byRow.mark(rows, marks);
    return marks;
  }

  /**
   * Per row of the cube, 1 when its control, account or region holds the
   * term; undefined when none of their values does (most terms).
   */
  private rowsHolding(term: string): Uint8Array | undefined {
    const fields = TEXT_COLUMNS.map(dimension => {
      const { codes, values } = this.cube.column(dimension);
      const mask = Uint8Array.from(values, v =>
        v.toLowerCase().includes(term) ? 1 : 0,
      );
      return { codes, mask };
    }).filter(({ mask }) => mask.includes(1));
    if (fields.length === 0) return undefined;
    const holds = new Uint8Array(this.cube.rows);
    for (const { codes, mask } of fields) {
      for (let row = 0; row < holds.length; row++)
        holds[row] |= mask[codes[row]];
    }
    return holds;
  }

  /**
   * Per row of the cube, 1 when the search's findings of that row pass the
   * rest of the filter and the scope (`passing`: rows of the search's cube).
   */
  rowsPassing(result: TextSearchResult, passing: Int32Array): Uint8Array {
    const rows = new Uint8Array(this.cube.rows);
    for (let j = 0; j < passing.length; j++) rows[result.rows[passing[j]]] = 1;
    return rows;
  }

  /** Keys of the matching findings whose row passes, in key order; undefined past `max`. */
  keys(
    matched: Uint8Array,
    rowPasses: Uint8Array,
    max: number,
  ): number[] | undefined {
    const keys: number[] = [];
    for (let i = 0; i < matched.length; i++) {
      if (matched[i] && rowPasses[this.rowOfFinding[i]]) {
        if (keys.length === max) return undefined;
        keys.push(this.pks[i]);
      }
    }
    return keys;
  }

  /**
   * The keys of one page sorted by severity rank then key (as the list's
   * SQL sorts), `count` of them from `offset` after `start`: the rows of
   * that page, so the page's query reads those rows only. Walks the
   * findings of each rank in turn and stops once the page is full.
   */
  severityPage(
    matched: Uint8Array,
    rowPasses: Uint8Array,
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
    for (const rank of ranks) {
      if (start && (descending ? rank > start.rank : rank < start.rank)) {
        continue;
      }
      const findings = this.byRank.get(rank)!;
      const last = findings.length - 1;
      for (let j = 0; j <= last && keys.length < need; j++) {
        const i = findings[descending ? last - j : j];
        if (!matched[i] || !rowPasses[this.rowOfFinding[i]]) continue;
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
  /** Per finding of the index, 1 when it matches. */
  matched: Uint8Array;
  /** The rows of the full cube the matches fall in, ascending. */
  rows: Int32Array;
  /** The matches counted per row: `rows[j]`'s count is row `j` of this cube. */
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
