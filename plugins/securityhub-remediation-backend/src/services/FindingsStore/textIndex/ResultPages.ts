import {
  severityRank,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { CountsCube } from '../countsCube';
import type { SeverityPageStart, TextSearchResult } from './FindingsTextIndex';
import type { IndexedFindings } from './IndexedFindings';

/**
 * The keys of a page of a search's matches: every match when there are
 * few, or one page sorted by severity, picked in memory so that the page's
 * query reads those rows only.
 */
export class ResultPages {
  /** Per row of the cube, 1 while a page is picked from rows that pass; else 0. */
  private readonly passingRows: Uint8Array;
  /** The findings of each severity rank, ascending: a severity page walks them. */
  private readonly byRank = new Map<number, Int32Array>();
  /** Per row of the cube, the rank of its severity. */
  private readonly rankOfRow: Int8Array;

  constructor(
    cube: CountsCube,
    private readonly findings: IndexedFindings,
    private readonly pks: Float64Array,
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

  /** Whether finding `i` is one of the result's matches. */
  holds(result: TextSearchResult, i: number): boolean {
    return result.member
      ? result.member[i] === 1
      : this.findings.holdsAll(result.hits, i);
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
        if (this.holds(result, i) && !visit(i)) {
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
        if (!listed && !this.holds(result, i)) continue;
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
