import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { FindingsFilter } from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import type { FindingsQuery } from './findingsQuery';

/**
 * One page of findings for a query, paged with the backend's opaque cursors.
 * The cursors of the pages before the current one are kept on a stack so
 * "Previous" can go back; any change of filter, sort or page size starts over
 * at the first page. Only the current page is ever fetched.
 */
export function usePagedFindings(query: FindingsQuery, filter: FindingsFilter) {
  const api = useApi(securityHubFindingsApiRef);
  const queryKey = JSON.stringify([
    filter,
    query.sort,
    query.order,
    query.limit,
  ]);

  // Cursor of every page up to the current one; page 1 has no cursor.
  const [paging, setPaging] = useState<{
    queryKey: string;
    cursors: Array<string | undefined>;
  }>({ queryKey, cursors: [undefined] });
  const cursors = paging.queryKey === queryKey ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const page = useAsync(
    () =>
      api.listFindings({
        ...filter,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        cursor,
      }),
    [api, queryKey, cursor],
  );

  const nextCursor = page.loading ? null : page.value?.nextCursor ?? null;
  return {
    page,
    pageIndex: cursors.length - 1,
    hasPrevious: cursors.length > 1,
    hasNext: nextCursor !== null,
    goToNext: () => {
      if (nextCursor)
        setPaging({ queryKey, cursors: [...cursors, nextCursor] });
    },
    goToPrevious: () => {
      if (cursors.length > 1) {
        setPaging({ queryKey, cursors: cursors.slice(0, -1) });
      }
    },
  };
}
