import type { Knex } from 'knex';
import type { CountsCube } from '../countsCube';
import type { Dimension } from '../countsTable';
import { COUNT_DIMENSIONS, readDataVersion } from '../findingCounts';
import { FINDINGS_TABLE } from '../rows';
import { RESOURCE_KEYS_TABLE } from '../resourceKeys';
import { readPlainRows } from '../plainRows';
import { IndexedFindings, type TermHits } from './IndexedFindings';
import { KeptResults } from './KeptResults';
import { ResultPages } from './ResultPages';
import { ResourceIdLists } from './ResourceIdLists';
import { ResourceTagSets } from './ResourceTagSets';
import { Postings } from './Postings';
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

/** The resource keys' index by finding (migration 20261207060000). */
const KEYS_BY_FINDING = 'securityhub_finding_resource_keys_finding_idx';

/** Searches kept per index, for the page and summary of one search. */
const KEPT_SEARCHES = 4;

/** Matches of keys listed at most, so that their page is picked from the list. */
const FEW_LISTED = 50_000;

export interface TextIndexBuildOptions {
  /** Asked after every chunk: true stops the build (this process writes). */
  stop?: () => boolean;
  /** Rows read per query, with a turn of the event loop between. */
  chunkRows: number;
  /** No index above this many findings (its memory is ~45 bytes a finding plus its distinct texts and tag sets). */
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
  private readonly kept: KeptResults<TextSearchResult>;
  /** Picks the keys of a result's pages. */
  readonly pages: ResultPages;

  private constructor(
    readonly version: string,
    readonly cube: CountsCube,
    private readonly rowMaps: Int32Array[],
    private readonly pks: Float64Array,
    private readonly findings: IndexedFindings,
    private readonly titles: TextDictionary,
    private readonly resources: ResourceIdLists,
    private readonly tagSets: ResourceTagSets,
    /** The findings of each set of resource tags. */
    private readonly byTagSet: Postings,
  ) {
    this.kept = new KeptResults(KEPT_SEARCHES, findings.rows);
    this.pages = new ResultPages(cube, findings, pks);
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
    const tagSetCodes = ints();
    const titles = new TextDictionary();
    const resources = new ResourceIdLists();
    const tagSets = new ResourceTagSets();
    let after = 0;
    for (;;) {
      const chunk: IndexedRow[] = await db(FINDINGS_TABLE)
        .select('pk', 'title', 'search_text', ...COUNT_DIMENSIONS)
        .where('pk', '>', after)
        .orderBy('pk')
        .limit(options.chunkRows);
      const tags = await tagsOfChunk(db, after, chunk);
      let t = 0;
      for (const finding of chunk) {
        const row = cube.rowOf(finding);
        if (row < 0) return undefined;
        const title = (finding.title ?? '').toLowerCase();
        const pk = Number(finding.pk);
        pks.push(pk);
        rows.push(row);
        titleCodes.push(titles.code(title));
        resourceCodes.push(resources.code(resourceText(finding, title)));
        const own: string[] = [];
        for (; t < tags.length && Number(tags[t][0]) === pk; t++) {
          own.push(tags[t][1] as string);
        }
        tagSetCodes.push(tagSets.code(own));
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
      tagSets,
      Postings.of(tagSetCodes.values(), tagSets.size),
    );
  }

  /** Findings in the index. */
  get size(): number {
    return this.pks.length;
  }

  /**
   * The findings whose search text holds every term: which they are, and
   * the cube of them. Kept for the last few searches of this version (see
   * `KeptResults`).
   */
  search(terms: string[]): TextSearchResult {
    const key = `text:${terms.join(' ')}`;
    const kept = this.kept.get(key);
    if (kept) return kept;
    const hits = terms.map(term => this.hitsOf(term));
    const counts = this.kept.counts();
    const { listed, rows } = this.findings.count(hits, counts);
    return this.kept.keep(key, {
      hits,
      listed,
      rows,
      counts,
      cube: this.cube.weighted(counts, rows, this.rowMaps),
    });
  }

  /** The result kept under `key` by `ofResources`, if any. */
  keptKeys(key: string): TextSearchResult | undefined {
    return this.kept.get(`keys:${key}`);
  }

  /**
   * The result of the findings whose resources carry every tag of `tags`
   * and, when `keys` are given (ascending; keys the index does not hold are
   * left out), have one of them, as `search` gives for a term, kept under
   * `key`: tags are held here; resource-id prefixes the database answers
   * with keys. Their total, summary and pages then come from the index too.
   */
  ofResources(
    key: string,
    tags: string[],
    keys?: ArrayLike<number>,
  ): TextSearchResult {
    const { rowOf, size } = this.findings;
    let member: Uint8Array;
    if (tags.length > 0) {
      member = new Uint8Array(size);
      this.byTagSet.mark(this.tagSets.holdingAll(tags), member);
      if (keys) {
        const held = this.holdersOf(keys);
        for (let i = 0; i < size; i++) member[i] &= held[i];
      }
    } else {
      member = this.holdersOf(keys ?? []);
    }
    const counts = this.kept.counts();
    let matches = 0;
    for (let i = 0; i < size; i++) {
      if (!member[i]) continue;
      matches++;
      counts[rowOf[i]] += 1;
    }
    let listed: Int32Array | undefined;
    if (matches <= FEW_LISTED) {
      listed = new Int32Array(matches);
      for (let i = 0, n = 0; n < matches; i++) if (member[i]) listed[n++] = i;
    }
    const rows: number[] = [];
    for (let row = 0; row < counts.length; row++) {
      if (counts[row] > 0) rows.push(row);
    }
    const rowList = Int32Array.from(rows);
    return this.kept.keep(`keys:${key}`, {
      hits: [],
      member,
      listed,
      rows: rowList,
      counts,
      cube: this.cube.weighted(counts, rowList, this.rowMaps),
    });
  }

  /** Per finding, 1 when its key is one of `keys` (ascending). */
  private holdersOf(keys: ArrayLike<number>): Uint8Array {
    const member = new Uint8Array(this.findings.size);
    const { pks } = this;
    for (let i = 0, k = 0; i < pks.length && k < keys.length; ) {
      if (pks[i] < keys[k]) i++;
      else if (pks[i] > keys[k]) k++;
      else member[i++] = 1;
    }
    return member;
  }

  /** Whether the finding with key `key` is one of the result's matches. */
  holdsKey(result: TextSearchResult, key: number): boolean {
    const { pks } = this;
    let low = 0;
    let high = pks.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (pks[middle] < key) low = middle + 1;
      else if (pks[middle] > key) high = middle - 1;
      else return this.pages.holds(result, middle);
    }
    return false;
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
}

/** The findings a search matches (see `FindingsTextIndex.search`). */
export interface TextSearchResult {
  /** What holds each term. */
  hits: TermHits[];
  /** Per finding, 1 when it matches: for results of keys, which have no terms. */
  member?: Uint8Array;
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

/**
 * The resource tags of a chunk of findings (read in key order after
 * `after`) as [key, tag] pairs in key order: one read of the keys' table
 * per chunk.
 */
async function tagsOfChunk(
  db: Knex,
  after: number,
  chunk: IndexedRow[],
): Promise<unknown[][]> {
  if (chunk.length === 0) return [];
  // SQLite would read every tag through the (kind, value) index and sort.
  const table: Knex.QueryBuilder =
    db.client.dialect === 'postgresql'
      ? db(RESOURCE_KEYS_TABLE)
      : db.from(
          db.raw('?? indexed by ??', [RESOURCE_KEYS_TABLE, KEYS_BY_FINDING]),
        );
  return readPlainRows(
    db,
    table
      .select('finding_pk', 'value')
      .where('kind', 'tag')
      .andWhere('finding_pk', '>', after)
      .andWhere('finding_pk', '<=', Number(chunk[chunk.length - 1].pk))
      .orderBy('finding_pk'),
  );
}
