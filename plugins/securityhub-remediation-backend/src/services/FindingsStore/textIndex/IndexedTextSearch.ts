import type {
  FindingsFilter,
  FindingsListQuery,
  FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import type { CubeAtVersion } from '../countsCubeCache';
import { searchTerms, type FindingScope } from '../filters';
import { hasResourceFilter } from '../resourceKeys';
import type { CursorPayload } from '../cursor';
import type { FindingsTextIndex } from './FindingsTextIndex';
import type { TextIndexCache } from './TextIndexCache';

/** What the text index says of a list query with free text. */
export interface IndexedListPlan {
  /** Findings matching, in scope. */
  total: number;
  /**
   * Keys for the page's query to read: the page itself (`paged`), or every
   * match when there are few; undefined when the page is best found by SQL.
   */
  keys?: number[];
  /** `keys` are the page: cursor and offset were applied to find them. */
  paged: boolean;
}

/**
 * Answers free-text summaries and list totals from the text index of the
 * current data version, and picks the keys of a page sorted by severity;
 * undefined when there is no such index yet (SQL answers instead) or the
 * filter also has resource tags or ids, which the index does not hold.
 */
export class IndexedTextSearch {
  constructor(
    private readonly cache: TextIndexCache,
    /** Matches listed as keys for a page in another sort order. */
    private readonly fewMatches: number,
  ) {}

  summary(
    filter: FindingsFilter,
    scope: FindingScope,
    at: CubeAtVersion,
  ): FindingsSummary | undefined {
    const found = this.find(filter, at);
    return found?.result.cube.summary(withoutText(filter), scope);
  }

  list(
    query: FindingsListQuery,
    after: CursorPayload | undefined,
    scope: FindingScope,
    at: CubeAtVersion,
  ): IndexedListPlan | undefined {
    const { sort, order, limit, cursor, offset, ...filter } = query;
    const found = this.find(filter, at);
    if (!found) return undefined;
    const { index, result } = found;
    const others = withoutText(filter);
    const total = result.cube.total(others, scope);
    if (total === 0) return { total, keys: [], paged: true };
    // Without other filters or a scope every match passes: no rows to mark.
    const passing = result.cube.restricts(others, scope)
      ? result.cube.rowsMatching(others, scope, result.rows)
      : undefined;
    if (sort === 'severity') {
      const start = after ? { rank: Number(after.v), pk: after.k } : undefined;
      const keys = index.severityPage(
        result,
        passing,
        order,
        start,
        offset ?? 0,
        limit + 1,
      );
      return { total, keys, paged: true };
    }
    return {
      total,
      keys: index.keys(result, passing, this.fewMatches),
      paged: false,
    };
  }

  private find(filter: FindingsFilter, at: CubeAtVersion) {
    const terms = searchTerms(filter);
    if (terms.length === 0 || hasResourceFilter(filter)) return undefined;
    const index: FindingsTextIndex | undefined = this.cache.current(at);
    return index && { index, result: index.search(terms) };
  }
}

function withoutText(filter: FindingsFilter): FindingsFilter {
  return { ...filter, q: undefined };
}
