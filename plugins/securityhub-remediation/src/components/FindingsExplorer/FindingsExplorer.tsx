import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type {
  Finding,
  FindingSortField,
  FindingsFilter,
  SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import { AccountOverview } from '../AccountOverview';
import { FindingDetailDrawer } from '../FindingDetailDrawer';
import { FindingFilters, type FilterUpdate } from '../FindingFilters';
import { FindingsTable } from '../FindingsTable';
import { SeverityCounts } from '../SeverityCounts';
import {
  DEFAULT_QUERY,
  PAGE_SIZE_OPTIONS,
  cleanFilter,
  defaultOrderFor,
  filterKey,
  withListFilter,
} from './findingsQuery';
import { LoadError } from './LoadError';
import { useFindingsQueryState } from './useFindingsQueryState';
import { usePagedFindings } from './usePagedFindings';

export interface FindingsExplorerProps {
  /**
   * Limit every request to this AWS account and hide the account filter (the
   * entity tab).
   */
  fixedAccountId?: string;
  /** Keep filters, sort and page size in the URL query string. */
  persistInUrl?: boolean;
  /** Show the findings-by-account table next to the counts. */
  showAccountOverview?: boolean;
}

/**
 * Severity counts, filters, a server-side paged table and a detail drawer
 * over the stored findings. Only the current page and the summary of the
 * current filters are fetched, so it stays fast however many findings exist.
 */
export function FindingsExplorer(props: FindingsExplorerProps) {
  const { fixedAccountId, persistInUrl = false, showAccountOverview } = props;
  const api = useApi(securityHubFindingsApiRef);
  const [query, setQuery] = useFindingsQueryState({ persistInUrl });
  const [selected, setSelected] = useState<Finding>();

  const filter = cleanFilter(query.filter);
  const requestFilter: FindingsFilter = fixedAccountId
    ? { ...filter, accountId: [fixedAccountId] }
    : filter;
  const requestFilterKey = filterKey(requestFilter);

  const summary = useAsync(
    () => api.getSummary(requestFilter),
    [api, requestFilterKey],
  );
  const paged = usePagedFindings(query, requestFilter);

  const updateFilter = (update: FilterUpdate) =>
    setQuery(previous => ({
      ...previous,
      filter: cleanFilter(update(previous.filter)),
    }));
  const toggleSeverity = (severity: SeverityLabel) =>
    updateFilter(previous => {
      const current = previous.severity ?? [];
      return withListFilter(
        previous,
        'severity',
        current.includes(severity)
          ? current.filter(s => s !== severity)
          : [...current, severity],
      );
    });
  const changeSort = (field: FindingSortField) =>
    setQuery(previous => {
      let order = defaultOrderFor(field);
      if (previous.sort === field) {
        order = previous.order === 'asc' ? 'desc' : 'asc';
      }
      return { ...previous, sort: field, order };
    });
  const resetFilters = () =>
    setQuery(previous => ({
      ...DEFAULT_QUERY,
      limit: previous.limit,
    }));
  const showAll = () => updateFilter(() => ({}));

  const page = paged.page.value;
  const hasFilter = Object.keys(filter).length > 0;

  return (
    <>
      <Grid container spacing={2}>
        <Grid item xs={12} lg={showAccountOverview ? 7 : 12}>
          {summary.error ? (
            <LoadError error={summary.error} title="Could not load counts" />
          ) : (
            <SeverityCounts
              summary={summary.value}
              selected={filter.severity ?? []}
              onToggle={toggleSeverity}
            />
          )}
        </Grid>
        {showAccountOverview && (
          <Grid item xs={12} lg={5}>
            <AccountOverview
              accounts={summary.value?.byAccount}
              selected={filter.accountId}
              onSelectAccount={accountId =>
                updateFilter(previous =>
                  withListFilter(previous, 'accountId', [accountId]),
                )
              }
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <FindingFilters
            filter={filter}
            onChange={updateFilter}
            summary={summary.value}
            hideAccount={Boolean(fixedAccountId)}
            onReset={resetFilters}
            onShowAll={showAll}
          />
        </Grid>
        <Grid item xs={12}>
          {paged.page.error ? (
            <LoadError
              error={paged.page.error}
              title="Could not load findings"
            />
          ) : (
            <FindingsTable
              findings={page?.items ?? []}
              loading={paged.page.loading}
              sort={query.sort}
              order={query.order}
              onSortChange={changeSort}
              onSelect={setSelected}
              hideAccount={Boolean(fixedAccountId)}
              emptyContent={
                <Box>
                  <Typography gutterBottom>
                    No findings match these filters.
                  </Typography>
                  {hasFilter && (
                    <Button color="primary" onClick={showAll}>
                      Show all findings
                    </Button>
                  )}
                </Box>
              }
              pager={{
                pageIndex: paged.pageIndex,
                pageSize: query.limit,
                pageSizeOptions: PAGE_SIZE_OPTIONS,
                itemCount: page?.items.length ?? 0,
                totalCount: page?.totalCount ?? 0,
                hasPrevious: paged.hasPrevious,
                hasNext: paged.hasNext,
                onPrevious: paged.goToPrevious,
                onNext: paged.goToNext,
                onPageSizeChange: limit =>
                  setQuery(previous => ({ ...previous, limit })),
              }}
            />
          )}
        </Grid>
      </Grid>
      <FindingDetailDrawer
        finding={selected}
        onClose={() => setSelected(undefined)}
      />
    </>
  );
}
