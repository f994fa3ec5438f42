import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  DEFAULT_QUERY,
  queryFromSearchParams,
  querySearchParams,
  type FindingsQuery,
} from './findingsQuery';

export type FindingsQueryUpdate = (previous: FindingsQuery) => FindingsQuery;

/**
 * The explorer's query, kept either in the URL query string (so a filtered
 * view can be shared and survives reloads) or in component state (for
 * embedded views such as the entity tab, whose URL belongs to the catalog).
 * Updates are functions of the previous query so that debounced inputs never
 * overwrite a change made in the meantime.
 */
export function useFindingsQueryState(options: {
  persistInUrl: boolean;
}): [FindingsQuery, (update: FindingsQueryUpdate) => void] {
  const { persistInUrl } = options;
  const [searchParams, setSearchParams] = useSearchParams();
  const [localQuery, setLocalQuery] = useState<FindingsQuery>(DEFAULT_QUERY);

  const urlQuery = useMemo(
    () => queryFromSearchParams(searchParams),
    [searchParams],
  );

  const updateQuery = useCallback(
    (update: FindingsQueryUpdate) => {
      if (persistInUrl) {
        // Replace rather than push: typing in the search box would otherwise
        // fill the history with one entry per debounce.
        setSearchParams(
          previous =>
            querySearchParams(
              update(queryFromSearchParams(previous)),
              previous,
            ),
          { replace: true },
        );
      } else {
        setLocalQuery(update);
      }
    },
    [persistInUrl, setSearchParams],
  );

  return [persistInUrl ? urlQuery : localQuery, updateQuery];
}
