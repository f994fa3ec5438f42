import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Button from '@material-ui/core/Button';
import {
  COMPLIANCE_STATUSES,
  RECORD_STATES,
  WORKFLOW_STATUSES,
  type FindingsFilter,
  type FindingsSummary,
} from '@internal/plugin-securityhub-remediation-common';
import {
  withListFilter,
  type ListFilterKey,
} from '../FindingsExplorer/findingsQuery';
import { SEVERITIES_DESCENDING } from '../SeverityChip';
import { AutocompleteFilter } from './AutocompleteFilter';
import { MultiSelectFilter } from './MultiSelectFilter';
import { SearchFilter } from './SearchFilter';
import { useAwsAccounts } from '../FindingsTable';
import { facetBuckets, useAccumulatedOptions } from './useAccumulatedOptions';

export type FilterUpdate = (previous: FindingsFilter) => FindingsFilter;

export interface FindingFiltersProps {
  filter: FindingsFilter;
  onChange: (update: FilterUpdate) => void;
  /**
   * Summary of the current filters; its facets supply the options and the
   * count each would match with the other filters.
   */
  summary?: FindingsSummary;
  /** Hide the account filter (the entity tab is fixed to one account). */
  hideAccount?: boolean;
  /** Back to the default filter (open failed findings). */
  onReset: () => void;
  /** Remove every filter. */
  onShowAll: () => void;
}

/** Every filter of the explorer, in one wrapping row. */
export function FindingFilters(props: FindingFiltersProps) {
  const { filter, summary, onChange } = props;
  const setList = (key: ListFilterKey) => (values: string[]) =>
    onChange(previous => withListFilter(previous, key, values));

  // Accounts are described by their catalog name, so typing "payments"
  // finds 210987654321.
  const accounts = useAwsAccounts();
  const facets = summary?.facets;
  const loading = summary === undefined;
  const accountOptions = useAccumulatedOptions(
    facetBuckets(facets?.accountId),
    filter.accountId,
  ).map(option => ({
    ...option,
    description: accounts.get(option.value)?.displayName ?? option.description,
  }));
  const regionOptions = useAccumulatedOptions(
    facetBuckets(facets?.region),
    filter.region,
  );
  const controlOptions = useAccumulatedOptions(
    facetBuckets(facets?.controlId, summary?.byControl),
    filter.controlId,
  );
  const resourceTypeOptions = useAccumulatedOptions(
    facetBuckets(facets?.resourceType),
    filter.resourceType,
  );

  return (
    // On paper: the labels' secondary text colour keeps AA contrast on white,
    // not on the light theme's grey page background.
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
      component={Paper}
      p={2}
      aria-label="Finding filters"
      role="region"
    >
      <SearchFilter
        value={filter.q}
        onChange={q => onChange(previous => ({ ...previous, q }))}
      />
      {!props.hideAccount && (
        <AutocompleteFilter
          loading={loading}
          id="findings-filter-account"
          label="Account"
          options={accountOptions}
          value={filter.accountId}
          onChange={setList('accountId')}
          minWidth={180}
        />
      )}
      <AutocompleteFilter
        loading={loading}
        id="findings-filter-region"
        label="Region"
        options={regionOptions}
        value={filter.region}
        onChange={setList('region')}
        minWidth={160}
      />
      <MultiSelectFilter
        countsLoading={loading}
        id="findings-filter-severity"
        label="Severity"
        options={SEVERITIES_DESCENDING}
        value={filter.severity}
        onChange={setList('severity')}
        counts={facets?.severity}
      />
      <AutocompleteFilter
        loading={loading}
        id="findings-filter-control"
        label="Control"
        options={controlOptions}
        value={filter.controlId}
        onChange={setList('controlId')}
        minWidth={220}
      />
      <MultiSelectFilter
        countsLoading={loading}
        id="findings-filter-compliance"
        label="Compliance status"
        options={COMPLIANCE_STATUSES}
        value={filter.complianceStatus}
        onChange={setList('complianceStatus')}
        counts={facets?.complianceStatus}
      />
      <MultiSelectFilter
        countsLoading={loading}
        id="findings-filter-workflow"
        label="Workflow status"
        options={WORKFLOW_STATUSES}
        value={filter.workflowStatus}
        onChange={setList('workflowStatus')}
        counts={facets?.workflowStatus}
      />
      <MultiSelectFilter
        countsLoading={loading}
        id="findings-filter-record-state"
        label="Record state"
        options={RECORD_STATES}
        value={filter.recordState}
        onChange={setList('recordState')}
        counts={facets?.recordState}
      />
      <AutocompleteFilter
        loading={loading}
        id="findings-filter-resource-type"
        label="Resource type"
        options={resourceTypeOptions}
        value={filter.resourceType}
        onChange={setList('resourceType')}
        minWidth={200}
      />
      <Box display="flex" style={{ gap: 8 }}>
        <Button variant="outlined" onClick={props.onReset}>
          Reset
        </Button>
        <Button onClick={props.onShowAll}>All findings</Button>
      </Box>
    </Box>
  );
}
