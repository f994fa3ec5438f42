import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  DEFAULT_QUERY,
  isSameListing,
  parseFindingsQuery,
  querySearchParams,
  withoutParamValue,
  type FindingsQuery,
  type QueryProblem,
} from './findingsQuery';

export type FindingsQueryUpdate = (previous: FindingsQuery) => FindingsQuery;

export interface FindingsQueryState {
  query: FindingsQuery;
  /** Applies an update; a change of filters, sort or page size goes back to the first page. */
  setQuery: (update: FindingsQueryUpdate) => void;
  /** URL values that could not be used (always empty when not in the URL). */
  problems: QueryProblem[];
  /** Removes an invalid value from the URL. */
  dropProblem: (problem: QueryProblem) => void;
}

/** Leaves the page when the update asks for other findings. */
export function applyQueryUpdate(
  previous: FindingsQuery,
  update: FindingsQueryUpdate,
): FindingsQuery {
  const next = update(previous);
  if (isSameListing(previous, next)) return next;
  return { ...next, page: 0, cursor: undefined };
}

/**
 * The explorer's query, kept either in the URL query string or in component
 * state. In the URL every change is a new history entry, so Back undoes the
 * last change (a filter, a page, the drawer opened) and a reload or shared
 * link shows the same view; `urlPrefix` keeps an embedded view's parameters
 * (the entity tab's) apart from its page's own. Updates are functions of the
 * previous query so that debounced inputs never overwrite a change made in
 * the meantime.
 */
export function useFindingsQueryState(options: {
  persistInUrl: boolean;
  urlPrefix?: string;
}): FindingsQueryState {
  const { persistInUrl, urlPrefix = '' } = options;
  const [searchParams, setSearchParams] = useSearchParams();
  const [localQuery, setLocalQuery] = useState<FindingsQuery>(DEFAULT_QUERY);

  const parsed = useMemo(
    () => parseFindingsQuery(searchParams, urlPrefix),
    [searchParams, urlPrefix],
  );

  const setQuery = useCallback(
    (update: FindingsQueryUpdate) => {
      if (persistInUrl) {
        setSearchParams(previous =>
          querySearchParams(
            applyQueryUpdate(
              parseFindingsQuery(previous, urlPrefix).query,
              update,
            ),
            previous,
            urlPrefix,
          ),
        );
      } else {
        setLocalQuery(previous => applyQueryUpdate(previous, update));
      }
    },
    [persistInUrl, setSearchParams, urlPrefix],
  );

  const dropProblem = useCallback(
    (problem: QueryProblem) =>
      setSearchParams(previous =>
        withoutParamValue(previous, problem.param, problem.value),
      ),
    [setSearchParams],
  );

  return persistInUrl
    ? { query: parsed.query, setQuery, problems: parsed.problems, dropProblem }
    : { query: localQuery, setQuery, problems: [], dropProblem };
}
