import { memo, useMemo, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type {
  FindingsFilter,
  SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';
import { AccountOverview } from '../AccountOverview';
import {
  FindingDetailDrawer,
  useFindingTriageSelection,
} from '../FindingDetailDrawer';
import { FindingFilters } from '../FindingFilters';
import { FindingsExport } from '../FindingsExport';
import { FindingsTable } from '../FindingsTable';
import { FindingsTrendsSection } from '../FindingsTrends';
import { SeverityCounts } from '../SeverityCounts';
import { PAGE_SIZE_OPTIONS, cleanFilter, filterKey } from './findingsQuery';
import { LoadError } from './LoadError';
import { QueryProblems } from './QueryProblems';
import { useFindingsQueryState } from './useFindingsQueryState';
import { useOpenFinding } from './useOpenFinding';
import { usePagedFindings } from './usePagedFindings';
import { useExplorerActions } from './useExplorerActions';

// Re-rendered only when their props change: a page change then renders the
// table alone (rendering every part took most of the time to show a page).
const MemoSeverityCounts = memo(SeverityCounts);
const MemoAccountOverview = memo(AccountOverview);
const MemoFindingFilters = memo(FindingFilters);
const MemoFindingsTrendsSection = memo(FindingsTrendsSection);
const MemoFindingsExport = memo(FindingsExport);
const NO_SEVERITIES: SeverityLabel[] = [];

/** The part of a filter an entity fixes. */
export type EntityFilter = Pick<
  FindingsFilter,
  'accountId' | 'resourceTag' | 'resourceIdPrefix'
>;

export interface FindingsExplorerProps {
  /**
   * Limit every request to this AWS account and hide the account filter (an
   * account's entity tab). Shorthand for `fixedFilter: { accountId: [id] }`.
   */
  fixedAccountId?: string;
  /**
   * What every request is limited to (an entity tab): accounts, resource
   * tags, resource ARN prefixes. A fixed account hides the account filter.
   */
  fixedFilter?: EntityFilter;
  /**
   * Keep filters, sort, page size, the page and the open finding in the URL
   * query string (each change a history entry).
   */
  persistInUrl?: boolean;
  /** Prefix of the URL parameters, for a view embedded in a page with its own. */
  urlPrefix?: string;
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
  const fixed: EntityFilter | undefined =
    props.fixedFilter ??
    (fixedAccountId ? { accountId: [fixedAccountId] } : undefined);
  const hideAccount = Boolean(fixed?.accountId?.length);
  const trendsAccount =
    fixed?.accountId?.length === 1 ? fixed.accountId[0] : undefined;
  const api = useApi(securityHubFindingsApiRef);
  const { query, setQuery, problems, dropProblem } = useFindingsQueryState({
    persistInUrl,
    urlPrefix: props.urlPrefix,
  });
  const tableTop = useRef<HTMLDivElement>(null);

  const triage = useFindingTriageSelection();
  // Kept while their content is the same, so the memoized parts below see
  // the same props when only the page changes.
  const filterText = filterKey(query.filter);
  const fixedText = JSON.stringify(fixed ?? null);
  const filter = useMemo(
    () => cleanFilter(query.filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterText],
  );
  const requestFilter: FindingsFilter = useMemo(
    () => (fixed ? { ...filter, ...fixed } : filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filter, fixedText],
  );
  const requestFilterKey = filterKey(requestFilter);

  const summary = useAsync(
    () => api.getSummary(requestFilter),
    [api, requestFilterKey, triage.refreshKey],
  );
  const paged = usePagedFindings(
    query,
    requestFilter,
    setQuery,
    triage.refreshKey,
  );
  const openFinding = useOpenFinding(query.finding, paged.page.value?.items);
  const actions = useExplorerActions(setQuery);
  /** Moves to another page and brings the table's top into view. */
  const paging =
    <T extends unknown[]>(move: (...args: T) => void) =>
    (...args: T) => {
      move(...args);
      tableTop.current?.scrollIntoView?.({ block: 'start' });
    };

  const page = paged.page.value;
  const hasFilter = Object.keys(filter).length > 0;

  return (
    <>
      <QueryProblems problems={problems} onDrop={dropProblem} />
      {openFinding.problem && (
        <Alert
          severity="warning"
          data-testid="open-finding-problem"
          style={{ marginBottom: 8 }}
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => actions.showFinding()}
            >
              Dismiss
            </Button>
          }
        >
          {openFinding.problem}
        </Alert>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} lg={showAccountOverview ? 7 : 12}>
          {summary.error ? (
            <LoadError error={summary.error} title="Could not load counts" />
          ) : (
            <MemoSeverityCounts
              summary={summary.value}
              selected={filter.severity ?? NO_SEVERITIES}
              onToggle={actions.toggleSeverity}
            />
          )}
        </Grid>
        {showAccountOverview && (
          <Grid item xs={12} lg={5}>
            <MemoAccountOverview
              accounts={summary.value?.byAccount}
              selected={filter.accountId}
              onSelectAccount={actions.selectAccount}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <MemoFindingFilters
            filter={filter}
            onChange={actions.updateFilter}
            summary={summary.value}
            hideAccount={hideAccount}
            onReset={actions.resetFilters}
            onShowAll={actions.showAll}
          />
        </Grid>
        <Grid item xs={12}>
          {/* A service's trends (by its resources) are reconstructed on
              request; an account's are read from the daily counts. */}
          <MemoFindingsTrendsSection
            accountId={trendsAccount}
            resourceTag={fixed?.resourceTag}
            resourceIdPrefix={fixed?.resourceIdPrefix}
            summary={summary.value}
          />
        </Grid>
        <Grid item xs={12}>
          <MemoFindingsExport
            filter={requestFilter}
            sort={query.sort}
            order={query.order}
          />
        </Grid>
        <Grid item xs={12} ref={tableTop}>
          {triage.bulkBar}
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
              onSortChange={actions.changeSort}
              onSelect={finding => actions.showFinding(finding.id)}
              selection={triage.selection}
              hideAccount={hideAccount}
              emptyContent={
                <Box>
                  <Typography gutterBottom>
                    No findings match these filters.
                  </Typography>
                  {hasFilter && (
                    <Button color="primary" onClick={actions.showAll}>
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
                onPrevious: paging(paged.goToPrevious),
                onNext: paging(paged.goToNext),
                onGoTo: paging(paged.goTo),
                reachablePages: paged.reachablePages,
                onPageSizeChange: actions.setPageSize,
              }}
            />
          )}
        </Grid>
      </Grid>
      <FindingDetailDrawer
        finding={openFinding.finding}
        onClose={() => actions.showFinding()}
        onTriaged={triage.onTriaged}
      />
    </>
  );
}
