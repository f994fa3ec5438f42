import type {
  FindingsFilter,
  FindingsListQuery,
  FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import type { Knex } from 'knex';
import type { CubeAtVersion } from '../countsCubeCache';
import type { CountsCube } from '../countsCube';
import { readDataVersion } from '../findingCounts';
import { searchTerms, type FindingScope } from '../filters';
import { findingsWithResourceKeys, hasResourceFilter } from '../resourceKeys';
import type { CursorPayload } from '../cursor';
import type { FindingsTextIndex } from './FindingsTextIndex';
import type { TextIndexCache } from './TextIndexCache';
import { pageAlongSortOrder } from './pageAlongSortOrder';

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
  /** `keys` carry the filter's resource tags and ids: the page's query need not ask again. */
  resourcesMatched?: boolean;
  /** The matches counted per combination of the counts' dimensions. */
  cube: CountsCube;
}

/**
 * Answers free-text summaries and list totals from the text index of the
 * current data version, and picks the keys of a page sorted by severity;
 * undefined when there is no such index yet (SQL answers instead). Resource
 * tags are held by the index too; resource-id prefixes are read as keys
 * from their own index in the database. Both are then answered the same
 * way; with free text in the same filter they are left to SQL.
 */
export class IndexedTextSearch {
  /** Reads of resource keys going on, by data version and filter. */
  private readonly reading = new Map<string, Promise<Int32Array | undefined>>();

  constructor(
    private readonly reader: Knex,
    private readonly cache: TextIndexCache,
    /** Matches listed as keys for a page in another sort order. */
    private readonly fewMatches: number,
  ) {}

  async summary(
    filter: FindingsFilter,
    scope: FindingScope,
    at: CubeAtVersion,
  ): Promise<FindingsSummary | undefined> {
    const found = await this.find(filter, at);
    return found?.result.cube.summary(withoutMatched(filter), scope);
  }

  async list(
    query: FindingsListQuery,
    after: CursorPayload | undefined,
    scope: FindingScope,
    at: CubeAtVersion,
  ): Promise<IndexedListPlan | undefined> {
    const { sort, order, limit, cursor, offset, ...filter } = query;
    const found = await this.find(filter, at);
    if (!found) return undefined;
    const { index, result } = found;
    const others = withoutMatched(filter);
    const total = result.cube.total(others, scope);
    const resourcesMatched = hasResourceFilter(filter);
    const plan = (
      page: Pick<IndexedListPlan, 'keys' | 'paged'>,
    ): IndexedListPlan => ({
      total,
      resourcesMatched,
      cube: result.cube,
      ...page,
    });
    if (total === 0) return plan({ keys: [], paged: true });
    // Without other filters or a scope every match passes: no rows to mark.
    const passing = result.cube.restricts(others, scope)
      ? result.cube.rowsMatching(others, scope, result.rows)
      : undefined;
    if (sort === 'severity') {
      const start = after ? { rank: Number(after.v), pk: after.k } : undefined;
      const keys = index.pages.severityPage(
        result,
        passing,
        order,
        start,
        offset ?? 0,
        limit + 1,
      );
      return plan({ keys, paged: true });
    }
    const keys = index.pages.keys(result, passing, this.fewMatches);
    if (keys) return plan({ keys, paged: false });
    // Free text: SQL matches it as it walks the order, quicker than reading
    // the keys out to match them here. Resource keys it would read whole.
    if (!resourcesMatched) return plan({ paged: false });
    const page = await pageAlongSortOrder(
      this.reader,
      key => index.holdsKey(result, key),
      {
        filter: others,
        scope,
        sort,
        order,
        after,
        offset: offset ?? 0,
        count: limit + 1,
        matches: total,
        findings: index.size,
      },
    );
    return plan(page ? { keys: page, paged: true } : { paged: false });
  }

  private async find(filter: FindingsFilter, at: CubeAtVersion) {
    const terms = searchTerms(filter);
    const resources = hasResourceFilter(filter);
    if (terms.length > 0 && resources) return undefined;
    const index: FindingsTextIndex | undefined = this.cache.current(at);
    if (!index) return undefined;
    if (!resources) return { index, result: index.search(terms) };
    const key = JSON.stringify([
      [...(filter.resourceTag ?? [])].sort(),
      [...(filter.resourceIdPrefix ?? [])].sort(),
    ]);
    const kept = index.keptKeys(key);
    if (kept) return { index, result: kept };
    const tags = filter.resourceTag ?? [];
    if ((filter.resourceIdPrefix ?? []).length === 0) {
      return { index, result: index.ofResources(key, tags) };
    }
    // A view asks for its page and summary at once: one read serves both.
    const reading = `${index.version} ${key}`;
    let keys = this.reading.get(reading);
    if (!keys) {
      keys = this.keysAt(index.version, filter).finally(() =>
        this.reading.delete(reading),
      );
      this.reading.set(reading, keys);
    }
    const read = await keys;
    if (!read) return undefined;
    return {
      index,
      result: index.keptKeys(key) ?? index.ofResources(key, tags, read),
    };
  }

  /**
   * The keys of the findings with one of the filter's resource-id prefixes
   * at `version`; undefined when the data moved on meanwhile (no write
   * committed between two reads of the version: the keys' read saw it).
   */
  private async keysAt(
    version: string,
    filter: FindingsFilter,
  ): Promise<Int32Array | undefined> {
    if ((await readDataVersion(this.reader)) !== version) return undefined;
    const keys = await findingsWithResourceKeys(this.reader, {
      resourceIdPrefix: filter.resourceIdPrefix,
    });
    if ((await readDataVersion(this.reader)) !== version) return undefined;
    return keys;
  }
}

/** The filter the cube of a result applies: without what found the result. */
function withoutMatched(filter: FindingsFilter): FindingsFilter {
  return {
    ...filter,
    q: undefined,
    resourceTag: undefined,
    resourceIdPrefix: undefined,
  };
}
