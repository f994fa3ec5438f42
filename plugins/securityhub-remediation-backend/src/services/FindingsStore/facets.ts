import type { Knex } from 'knex';
import {
  FACET_DIMENSIONS,
  type FacetDimension,
  type FindingsFacets,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE } from './rows';
import type { Dimension } from './countsTable';

/** The findings column (and counts key) of each facet. */
export const FACET_COLUMN: Record<FacetDimension, Dimension> = {
  severity: 'severity',
  complianceStatus: 'compliance_status',
  workflowStatus: 'workflow_status',
  recordState: 'record_state',
  accountId: 'aws_account_id',
  region: 'region',
  controlId: 'control_id',
  resourceType: 'resource_type',
};

/** Whether the filter restricts the facet's dimension (its facet then needs its own count). */
export function isFiltered(
  filter: FindingsFilter,
  dimension: FacetDimension,
): boolean {
  return (filter[dimension]?.length ?? 0) > 0;
}

/** The filter with the dimension's own values removed. */
export function withoutFilterOn(
  filter: FindingsFilter,
  dimension: FacetDimension,
): FindingsFilter {
  return { ...filter, [dimension]: undefined };
}

/**
 * The facet key of a stored value, or undefined for a value that no filter
 * can pick: findings without a control or resource type. A finding without
 * compliance status counts as `NONE`, as in the summary.
 */
export function facetKey(
  dimension: FacetDimension,
  value: string | null,
): string | undefined {
  if (dimension === 'complianceStatus') return value || 'NONE';
  if (dimension === 'controlId' || dimension === 'resourceType') {
    return value || undefined;
  }
  return value ?? '';
}

/** Empty counts for every facet. */
export function emptyFacets(): FindingsFacets {
  return Object.fromEntries(
    FACET_DIMENSIONS.map(dimension => [dimension, {}]),
  ) as FindingsFacets;
}

/** Adds `n` findings of `value` to a facet. */
export function addToFacet(
  facets: FindingsFacets,
  dimension: FacetDimension,
  value: string | null,
  n: number,
): void {
  const key = facetKey(dimension, value);
  if (key === undefined || n <= 0) return;
  const counts = facets[dimension];
  counts[key] = (counts[key] ?? 0) + n;
}

/**
 * Fills the facets of the filtered dimensions by a grouped count each over
 * the findings `base` selects for the filter without that dimension's values
 * (the free-text path, which the counts in memory cannot answer). The other
 * facets are the summary's own counts, folded from its scan.
 */
export async function scanFilteredFacets(
  facets: FindingsFacets,
  filter: FindingsFilter,
  base: (filter: FindingsFilter) => Knex.QueryBuilder,
): Promise<void> {
  for (const dimension of FACET_DIMENSIONS) {
    if (!isFiltered(filter, dimension)) continue;
    const column = `${FINDINGS_TABLE}.${FACET_COLUMN[dimension]}`;
    const rows: Array<{ value: string | null; n: number | string }> =
      await base(withoutFilterOn(filter, dimension))
        .select({ value: column })
        .count({ n: '*' })
        .groupBy(column);
    facets[dimension] = {};
    for (const row of rows) {
      addToFacet(facets, dimension, row.value, Number(row.n));
    }
  }
}
