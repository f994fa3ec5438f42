import { Postings } from './Postings';

/** What holds one term: per code, 1 when its text or value does. */
export interface TermHits {
  titles: Uint8Array;
  resources: Uint8Array;
  /** Per row of the cube; undefined when no control, account or region does. */
  rows?: Uint8Array;
  /**
   * Per dimension of `IndexedFindings`' `listDimensions`, per value, 1 when
   * it holds the term (so do the rows of that value); undefined: none does.
   */
  values?: Array<Uint8Array | undefined>;
}

/** The matches of a search, counted per row of the cube. */
export interface CountedMatches {
  counts: Float64Array;
  /** The rows counted (not 0), ascending. */
  rows: Int32Array;
  /** The matching findings, ascending, when there are few (`fewMatches`). */
  listed?: Int32Array;
}

/** How `IndexedFindings.count` goes about it. */
export interface CountingOptions {
  /**
   * At most this many candidates are listed as they are counted: a page of
   * them is then picked from the list, not by walking every finding.
   */
  fewMatches: number;
  /**
   * When more than this share of the findings would be visited through
   * postings, all of them are counted in one pass in order instead (at a
   * million findings the two take as long at about 0.75).
   */
  scanShare: number;
}

/** The fields a term's findings are visited through, in order. */
const VIA_ROW = 0;
const VIA_TITLE = 1;
const VIA_RESOURCES = 2;

/** A list's shared value: none seen yet, or more than one. */
const UNSEEN = -2;
const MIXED = -1;

const COUNTING: CountingOptions = { fewMatches: 50_000, scanShare: 0.75 };

/**
 * The findings of a text index by position: each one's row of the counts
 * cube, title and resource-id list, and the findings of each of those
 * (postings). Says which findings hold the terms of a search and counts
 * them per row.
 */
export class IndexedFindings {
  private readonly byRow: Postings;
  private readonly byTitle: Postings;
  private readonly byResources: Postings;
  /**
   * A bit per row of the cube, set while counting as a row's count leaves
   * 0: the rows counted are read from it, not from the counts themselves
   * (5 MB to read at a million findings, 80 KB of bits).
   */
  private readonly counted: Uint32Array;
  /**
   * The matches per row while counting, copied to the caller's counts for
   * the rows counted after: increments at random rows of half the memory
   * (4 bytes a row, not 8) take a third less time.
   */
  private readonly tally: Int32Array;
  /**
   * Per dimension of `listDimensions`, each resource-id list's value when
   * all its findings have the same one (a resource's ARN names its account
   * and region), else -1. A list whose value holds the term has all its
   * findings in rows that hold it: they are not visited again.
   */
  private readonly sharedByList: Int32Array[];

  constructor(
    /** Rows of the cube the findings fall in. */
    readonly rows: number,
    readonly rowOf: Int32Array,
    private readonly titleOf: Int32Array,
    private readonly resourcesOf: Int32Array,
    titles: number,
    resourceLists: number,
    /** Codes per row of the cube of dimensions resource ids name (account, region). */
    listDimensions: Int32Array[] = [],
    private readonly options: CountingOptions = COUNTING,
  ) {
    this.byRow = Postings.of(rowOf, rows);
    this.counted = new Uint32Array((rows + 31) >>> 5);
    this.tally = new Int32Array(rows);
    this.byTitle = Postings.of(titleOf, titles);
    this.byResources = Postings.of(resourcesOf, resourceLists);
    this.sharedByList = listDimensions.map(codes => {
      const shared = new Int32Array(resourceLists).fill(UNSEEN);
      for (let i = 0; i < resourcesOf.length; i++) {
        const list = resourcesOf[i];
        const code = codes[rowOf[i]];
        if (shared[list] === UNSEEN) shared[list] = code;
        else if (shared[list] !== code) shared[list] = MIXED;
      }
      return shared;
    });
  }

  get size(): number {
    return this.rowOf.length;
  }

  /** Whether finding `i` holds the term of `hits`. */
  private holds(hits: TermHits, i: number): boolean {
    return (
      hits.titles[this.titleOf[i]] === 1 ||
      hits.resources[this.resourcesOf[i]] === 1 ||
      (hits.rows !== undefined && hits.rows[this.rowOf[i]] === 1)
    );
  }

  /** Whether finding `i` holds every term. */
  holdsAll(terms: TermHits[], i: number): boolean {
    for (let t = 0; t < terms.length; t++) {
      if (!this.holds(terms[t], i)) return false;
    }
    return true;
  }

  /**
   * The findings holding every term, counted per row of the cube into
   * `counts` (all 0 before). The term with the fewest candidates leads: the
   * findings of its titles, lists and rows are visited once each and checked
   * against the other terms (the work grows with the matches); a lone
   * term's rows count whole. A lead held by most findings is counted in one
   * ordered pass instead.
   */
  count(
    terms: TermHits[],
    counts: Float64Array = new Float64Array(this.rows),
  ): CountedMatches {
    const candidates = terms.map(hits => this.candidates(hits));
    const sums = candidates.map(c => c.texts + c.rows);
    const first = sums.indexOf(Math.min(...sums));
    const lead = terms[first];
    const others = terms.filter((_, t) => t !== first);
    const listed = sums[first] <= this.options.fewMatches ? [] : undefined;
    const wholeRows = lead.rows && others.length === 0 && !listed;
    const visits = wholeRows ? candidates[first].texts : sums[first];
    if (visits > this.size * this.options.scanShare) {
      this.scan(lead, others);
      return { counts, rows: this.countedRows(counts) };
    }
    if (wholeRows) {
      for (let row = 0; row < this.rows; row++) {
        if (lead.rows![row]) {
          this.tally[row] = this.byRow.count(row);
          if (this.tally[row] > 0) this.counted[row >>> 5] |= 1 << (row & 31);
        }
      }
    } else if (lead.rows) {
      this.visit(this.byRow, lead.rows, VIA_ROW, lead, others, listed);
    }
    this.visit(this.byTitle, lead.titles, VIA_TITLE, lead, others, listed);
    this.visit(
      this.byResources,
      lead.resources,
      VIA_RESOURCES,
      lead,
      others,
      listed,
    );
    return {
      counts,
      rows: this.countedRows(counts),
      listed: listed && Int32Array.from(listed).sort(),
    };
  }

  /** Counts every finding in order: the lead's masks read locally, the others' after. */
  private scan(lead: TermHits, others: TermHits[]) {
    const { rowOf, titleOf, resourcesOf, counted, tally } = this;
    const { titles, resources } = lead;
    const rows = lead.rows ?? new Uint8Array(this.rows);
    for (let i = 0; i < rowOf.length; i++) {
      const row = rowOf[i];
      if (!(titles[titleOf[i]] | resources[resourcesOf[i]] | rows[row])) {
        continue;
      }
      if (others.length > 0 && !this.holdsAll(others, i)) continue;
      if (tally[row]++ === 0) counted[row >>> 5] |= 1 << (row & 31);
    }
  }

  /**
   * The rows whose bit is set, ascending, their tallies moved to `counts`;
   * every bit and tally cleared.
   */
  private countedRows(counts: Float64Array): Int32Array {
    const { counted, tally } = this;
    let size = 0;
    for (let w = 0; w < counted.length; w++) {
      for (let bits = counted[w]; bits !== 0; bits &= bits - 1) size++;
    }
    const rows = new Int32Array(size);
    for (let w = 0, j = 0; w < counted.length; w++) {
      for (let bits = counted[w]; bits !== 0; bits &= bits - 1) {
        const row = (w << 5) + (31 - Math.clz32(bits & -bits));
        rows[j++] = row;
        counts[row] = tally[row];
        tally[row] = 0;
      }
      counted[w] = 0;
    }
    return rows;
  }

  /** Findings of the titles and lists, and of the rows, that hold a term. */
  private candidates(hits: TermHits): { texts: number; rows: number } {
    return {
      texts:
        this.byTitle.countMarked(hits.titles) +
        this.byResources.countMarked(hits.resources),
      rows: hits.rows ? this.byRow.countMarked(hits.rows) : 0,
    };
  }

  /**
   * Counts the findings of the codes `mask` marks in `postings`, each once:
   * those the lead holds through a field visited before are skipped.
   */
  private visit(
    postings: Postings,
    mask: Uint8Array,
    via: number,
    lead: TermHits,
    others: TermHits[],
    listed: number[] | undefined,
  ): void {
    const { offsets, items } = postings;
    const { rowOf, titleOf, counted, tally } = this;
    const leadRows = lead.rows;
    const codes = Math.min(mask.length, offsets.length - 1);
    const values = via === VIA_RESOURCES ? lead.values : undefined;
    for (let c = 0; c < codes; c++) {
      if (!mask[c]) continue;
      if (values && this.sharesValueIn(values, c)) continue;
      for (let j = offsets[c]; j < offsets[c + 1]; j++) {
        const i = items[j];
        if (via > VIA_ROW && leadRows !== undefined && leadRows[rowOf[i]]) {
          continue;
        }
        if (via > VIA_TITLE && lead.titles[titleOf[i]]) continue;
        if (others.length > 0 && !this.holdsAll(others, i)) continue;
        const row = rowOf[i];
        if (tally[row]++ === 0) counted[row >>> 5] |= 1 << (row & 31);
        listed?.push(i);
      }
    }
  }

  /** Whether every finding of list `list` has a value `values` marks. */
  private sharesValueIn(
    values: Array<Uint8Array | undefined>,
    list: number,
  ): boolean {
    for (let d = 0; d < values.length; d++) {
      const code = this.sharedByList[d]?.[list] ?? MIXED;
      if (code >= 0 && values[d]?.[code] === 1) return true;
    }
    return false;
  }
}
