import { useMemo, useRef } from 'react';
import type {
  FindingSortField,
  SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import type { FilterUpdate } from '../FindingFilters';
import {
  DEFAULT_QUERY,
  cleanFilter,
  defaultOrderFor,
  withListFilter,
  type FindingsQuery,
} from './findingsQuery';

type SetQuery = (update: (previous: FindingsQuery) => FindingsQuery) => void;

/**
 * The explorer's actions on its query, as functions that keep their identity
 * across renders (they reach the latest `setQuery` through a ref): the
 * memoized counts, filters and overview then skip re-rendering when only
 * the page of rows changes.
 */
export function useExplorerActions(setQuery: SetQuery) {
  const latest = useRef(setQuery);
  latest.current = setQuery;
  return useMemo(() => {
    const set: SetQuery = update => latest.current(update);
    const updateFilter = (update: FilterUpdate) =>
      set(previous => ({
        ...previous,
        filter: cleanFilter(update(previous.filter)),
      }));
    return {
      updateFilter,
      toggleSeverity: (severity: SeverityLabel) =>
        updateFilter(previous => {
          const current = previous.severity ?? [];
          return withListFilter(
            previous,
            'severity',
            current.includes(severity)
              ? current.filter(s => s !== severity)
              : [...current, severity],
          );
        }),
      selectAccount: (accountId: string) =>
        updateFilter(previous =>
          withListFilter(previous, 'accountId', [accountId]),
        ),
      changeSort: (field: FindingSortField) =>
        set(previous => {
          let order = defaultOrderFor(field);
          if (previous.sort === field) {
            order = previous.order === 'asc' ? 'desc' : 'asc';
          }
          return { ...previous, sort: field, order };
        }),
      resetFilters: () =>
        set(previous => ({ ...DEFAULT_QUERY, limit: previous.limit })),
      showAll: () => updateFilter(() => ({})),
      showFinding: (finding?: string) =>
        set(previous => ({ ...previous, finding })),
      setPageSize: (limit: number) => set(previous => ({ ...previous, limit })),
    };
  }, []);
}
