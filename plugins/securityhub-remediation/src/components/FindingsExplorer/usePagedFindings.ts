import { useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { FindingsFilter } from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import type { FindingsQuery } from './findingsQuery';
import type { FindingsQueryUpdate } from './useFindingsQueryState';

/**
 * The page of findings the query names (its cursor; none for the first),
 * paged with the backend's opaque cursors. Moving to a page is a query
 * update, so in the URL it is a history entry and survives a reload. The
 * cursors of pages seen for the same listing are remembered, so Previous and
 * the page picker reach any of them; after a reload on page N only pages
 * seen since (and the first) are known — cursors cannot be computed
 * backwards.
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

  const page = useAsync(
    () =>
      api.listFindings({
        ...filter,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        cursor: query.cursor,
      }),
    [api, listingKey, query.cursor, refreshKey],
  );

  const nextCursor = page.loading ? null : page.value?.nextCursor ?? null;
  if (nextCursor) cursors.set(query.page + 1, nextCursor);

  const goTo = (index: number) => {
    const cursor = index === 0 ? undefined : cursors.get(index);
    if (index !== 0 && !cursor) return;
    setQuery(previous => ({ ...previous, page: index, cursor }));
  };
  /** Pages whose cursor is known, in order: the ones a picker can jump to. */
  const reachablePages = [0, ...[...cursors.keys()].sort((a, b) => a - b)];

  return {
    page,
    pageIndex: query.page,
    reachablePages,
    hasPrevious: query.page > 0,
    hasNext: nextCursor !== null,
    goTo,
    goToNext: () => goTo(query.page + 1),
    // An unknown previous cursor (a reloaded deep page) goes to the first.
    goToPrevious: () => goTo(cursors.has(query.page - 1) ? query.page - 1 : 0),
  };
}
