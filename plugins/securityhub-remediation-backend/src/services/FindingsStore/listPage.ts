import type { Knex } from 'knex';
import type { FindingsListQuery } from '@internal/plugin-securityhub-remediation-common';
import type { CubeAtVersion } from './countsCubeCache';
import type { CursorPayload } from './cursor';
import type { FindingScope } from './filters';
import { listPageQuery } from './listPageQuery';
import { narrowestIndex } from './narrowestIndex';
import type { FindingRow } from './rows';
import { CollatedOrder, sortRuns } from './sortRuns';
import { readSortRunsPage } from './sortRunsPage';
import { ControlTitleRanges, titleRange } from './titleRange';
import type { UncountedListPlan } from './uncountedSearch';

/**
 * A search matching fewer than one finding in this many reads a list by
 * control run by run (see {@link readListPage}).
 */
const FEW_MATCHES_SHARE = 16;

/** What reading a sort run by run keeps across data versions. */
export class ListPageReads {
  readonly collated = new CollatedOrder();
  readonly titleRanges = new ControlTitleRanges();
}

/**
 * The rows of a list's page (and one more), read as the counts say the
 * matches lie along the sort: run by run (severity, control, account),
 * along the titles the matches' controls carry, or by one statement that
 * walks the sort's index or sorts every match (see `listPageQuery`).
 *
 * A search's matches are counted too (by the text index). By title, the
 * page walks only their stretch of the titles. By control, when they are
 * few (a word among S3 buckets: 1 in 70 findings) a walk along the order
 * passes every control without them (PostgreSQL: 800 ms), so it reads run
 * by run, unless the index gave the page's keys; when they are many the
 * walk finds a page at once, where a run sorts every match of its control
 * ("ledger", 1 in 7: 30–43 ms by runs, 8–17 walked). By account the
 * planners' own reads were quicker than runs.
 */
export async function readListPage(
  reader: Knex,
  kept: ListPageReads,
  query: FindingsListQuery,
  after: CursorPayload | undefined,
  scope: FindingScope,
  counts: CubeAtVersion,
  /** The search's plan, when the counts cannot answer the filter. */
  uncounted: UncountedListPlan | undefined,
  /** Findings the filter matches in scope, when known. */
  counted: number | undefined,
): Promise<FindingRow[]> {
  const { sort, order, limit, cursor, offset, ...filter } = query;
  const matches = uncounted?.keys;
  const counting = counts.fresh
    ? {
        db: reader,
        ...counts,
        collated: kept.collated,
        titleRanges: kept.titleRanges,
      }
    : undefined;
  const findings = counts.cube.total({}, undefined);
  const matchesCube = uncounted ? uncounted.cube : counts.cube;
  const fewSearchMatches =
    uncounted?.total !== undefined &&
    uncounted.total * FEW_MATCHES_SHARE < findings;
  const byRuns =
    !uncounted || (sort === 'controlId' && !matches && fewSearchMatches);
  const runs =
    counting && matchesCube && byRuns
      ? await sortRuns(counting, sort, filter, scope, matchesCube)
      : undefined;
  const page =
    (runs && (await readSortRunsPage(reader, query, after, scope, runs))) ??
    listPageQuery(reader, query, after, scope, uncounted, {
      matches: counted,
      findings,
      titleRange:
        counting && matchesCube && sort === 'title'
          ? await titleRange(counting, filter, scope, matchesCube)
          : undefined,
      narrowest: () =>
        counting && !uncounted
          ? narrowestIndex(counts.cube, filter, scope)
          : undefined,
    });
  return (await page) as FindingRow[];
}
