import { useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  FINDINGS_MAX_OFFSET,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import type { FindingsQuery } from './findingsQuery';
import type { FindingsQueryUpdate } from './useFindingsQueryState';

/**
 * The page of findings the query names, paged with the backend's opaque
 * cursors. Moving to a page is a query update, so in the URL it is a history
 * entry and survives a reload. The cursors of pages seen for the same
 * listing are remembered; a page without a known cursor is read by its
 * offset, which the backend allows down to its first
 * `FINDINGS_MAX_OFFSET` rows (an offset reads every row before it). Deeper
 * pages are reached with Next.
 */
export function usePagedFindings(
  query: FindingsQuery,
  filter: FindingsFilter,
  setQuery: (update: FindingsQueryUpdate) => void,
  /** A change reloads the current page (after findings were triaged). */
  refreshKey = 0,
) {
  const api = useApi(securityHubFindingsApiRef);
  const listingKey = JSON.stringify([
    filter,
    query.sort,
    query.order,
    query.limit,
  ]);
  const known = useRef<{ key: string; cursors: Map<number, string> }>({
    key: listingKey,
    cursors: new Map(),
  });
  if (known.current.key !== listingKey) {
    known.current = { key: listingKey, cursors: new Map() };
  }
  const { cursors } = known.current;
  if (query.cursor && query.page > 0) cursors.set(query.page, query.cursor);

  const offsetOf = (index: number) => index * query.limit;
  const canJumpTo = (index: number) =>
    index >= 0 && offsetOf(index) <= FINDINGS_MAX_OFFSET;
  const offset =
    query.page > 0 && !query.cursor ? offsetOf(query.page) : undefined;
  const page = useAsync(
    () =>
      api.listFindings({
        ...filter,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        cursor: query.cursor,
        offset,
      }),
    [api, listingKey, query.cursor, offset, refreshKey],
  );

  const nextCursor = page.loading ? null : page.value?.nextCursor ?? null;
  if (nextCursor) cursors.set(query.page + 1, nextCursor);

  const goTo = (index: number) => {
    const cursor = index === 0 ? undefined : cursors.get(index);
    if (index !== 0 && !cursor && !canJumpTo(index)) return;
    setQuery(previous => ({ ...previous, page: index, cursor }));
  };
  // Every page down to the deepest jump, and those whose cursor is known.
  const total = page.value?.totalCount ?? 0;
  const lastPage = Math.max(0, Math.ceil(total / query.limit) - 1);
  const jumpable = Math.min(
    lastPage,
    Math.floor(FINDINGS_MAX_OFFSET / query.limit),
  );
  const reachablePages = [
    ...new Set([
      ...Array.from({ length: jumpable + 1 }, (_, i) => i),
      ...cursors.keys(),
    ]),
  ].sort((a, b) => a - b);

  return {
    page,
    pageIndex: query.page,
    reachablePages,
    hasPrevious: query.page > 0,
    hasNext: nextCursor !== null,
    goTo,
    goToNext: () => goTo(query.page + 1),
    // A deep page reloaded has no previous cursor, nor an offset: the first.
    goToPrevious: () =>
      goTo(
        cursors.has(query.page - 1) || canJumpTo(query.page - 1)
          ? query.page - 1
          : 0,
      ),
  };
}
