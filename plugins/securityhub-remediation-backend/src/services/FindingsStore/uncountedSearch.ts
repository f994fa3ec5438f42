import type { Knex } from 'knex';
import type { CountsCube } from './countsCube';
import type {
  FindingsFilter,
  FindingsListQuery,
  FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import type { CubeAtVersion } from './countsCubeCache';
import type { CursorPayload } from './cursor';
import { scopedFindings, type FindingScope } from './filters';
import { summarizeByScan, withControlTitles } from './summary';
import { fewTextMatches, type TextSearchPlanOptions } from './textSearchPlan';
import type { IndexedTextSearch } from './textIndex/IndexedTextSearch';

/** How a list with a filter the counts cannot answer finds its page. */
export interface UncountedListPlan {
  /** Findings matching, in scope; undefined when SQL must count them. */
  total?: number;
  /** The keys the page's query reads; undefined: it reads by the filter. */
  keys?: number[];
  /** `keys` are the page itself: cursor and offset were applied to find them. */
  paged: boolean;
  /** `keys` carry the filter's resource tags and ids: the page's query need not ask again. */
  resourcesMatched?: boolean;
  /**
   * The matches counted per combination of the counts' dimensions (the
   * text index's result), for where they lie along the sort.
   */
  cube?: CountsCube;
}

/**
 * Lists and summaries under a filter the counts in memory cannot answer —
 * free text, resource tags or ids — in one place: from the text index of
 * the current data when there is one and the filter is free text only,
 * otherwise from SQL (on SQLite a rare term's matches read first, see
 * `fewTextMatches`).
 */
export class UncountedSearch {
  constructor(
    private readonly reader: Knex,
    private readonly plan: TextSearchPlanOptions,
    private readonly indexed?: IndexedTextSearch,
  ) {}

  async forList(
    query: FindingsListQuery,
    after: CursorPayload | undefined,
    scope: FindingScope,
    at: CubeAtVersion,
  ): Promise<UncountedListPlan> {
    const indexed = await this.indexed?.list(query, after, scope, at);
    if (indexed) return indexed;
    const { sort, order, limit, cursor, offset, ...filter } = query;
    return { keys: await this.sqlMatches(filter, scope, at), paged: false };
  }

  async summary(
    filter: FindingsFilter,
    scope: FindingScope,
    at: CubeAtVersion,
  ): Promise<FindingsSummary> {
    const indexed = await this.indexed?.summary(filter, scope, at);
    if (indexed) return withControlTitles(this.reader, indexed);
    const matches = await this.sqlMatches(filter, scope, at);
    return summarizeByScan(
      this.reader,
      narrowed => scopedFindings(this.reader, narrowed, scope, matches),
      filter,
    );
  }

  private sqlMatches(
    filter: FindingsFilter,
    scope: FindingScope,
    at: CubeAtVersion,
  ): Promise<number[] | undefined> {
    return fewTextMatches(this.reader, filter, scope, at.cube, this.plan);
  }
}
