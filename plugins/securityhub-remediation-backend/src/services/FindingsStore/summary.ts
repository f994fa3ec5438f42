import type { Knex } from 'knex';
import {
  SEVERITY_LABELS,
  type ControlCountBucket,
  type CountBucket,
  FACET_DIMENSIONS,
  type FindingsFilter,
  type FindingsSummary,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE } from './rows';
import { controlTitles } from './findingCounts';
import {
  FACET_COLUMN,
  addToFacet,
  emptyFacets,
  isFiltered,
  scanFilteredFacets,
} from './facets';

/** Most controls / resource types returned; enough for filter pickers. */
export const MAX_BUCKETS = 100;

const DIMENSIONS = [
  'aws_account_id',
  'region',
  'resource_type',
  'control_id',
  'severity',
  'compliance_status',
  'workflow_status',
  'record_state',
] as const;

type GroupRow = Record<(typeof DIMENSIONS)[number], string | null> & {
  n: number | string;
};

export class Buckets {
  private readonly byKey = new Map<string, CountBucket>();

  add(key: string, row: GroupRow, n: number): CountBucket {
    return this.addCounts(key, {
      total: n,
      failed: row.compliance_status === 'FAILED' ? n : 0,
      critical: row.severity === 'CRITICAL' ? n : 0,
      high: row.severity === 'HIGH' ? n : 0,
    });
  }

  addCounts(key: string, counts: Omit<CountBucket, 'key'>): CountBucket {
    let bucket = this.byKey.get(key);
    if (!bucket) {
      bucket = { key, total: 0, failed: 0, critical: 0, high: 0 };
      this.byKey.set(key, bucket);
    }
    bucket.total += counts.total;
    bucket.failed += counts.failed;
    bucket.critical += counts.critical;
    bucket.high += counts.high;
    return bucket;
  }

  /** Most failed first, then most findings, then by key. */
  sorted(limit?: number): CountBucket[] {
    const all = [...this.byKey.values()].sort(
      (a, b) =>
        b.failed - a.failed || b.total - a.total || a.key.localeCompare(b.key),
    );
    return limit ? all.slice(0, limit) : all;
  }
}

/**
 * Counts of the findings a filtered query matches, from ONE grouped scan of
 * the findings: grouping by every summarized dimension and folding the
 * groups here is several times faster than one GROUP BY query per dimension.
 * Used for free-text filters, which the counts table cannot answer.
 */
export async function summarizeByScan(
  db: Knex,
  base: (filter: FindingsFilter) => Knex.QueryBuilder,
  filter: FindingsFilter,
): Promise<FindingsSummary> {
  const columns = DIMENSIONS.map(d => `${FINDINGS_TABLE}.${d}`);
  const rows: GroupRow[] = await base(filter)
    .select(...columns)
    .count({ n: '*' })
    .groupBy(columns);
  const summary = foldSummary(rows, filter);
  await scanFilteredFacets(summary.facets, filter, base);
  return withControlTitles(db, summary);
}

/** Fills in the titles of the summary's controls. */
export async function withControlTitles(
  db: Knex,
  summary: FindingsSummary,
): Promise<FindingsSummary> {
  const titles = await controlTitles(
    db,
    summary.byControl.map(c => c.key),
  );
  for (const control of summary.byControl) {
    control.title = titles.get(control.key) ?? '';
  }
  return summary;
}

/**
 * Folds grouped rows into the summary's buckets, and into the facets of the
 * dimensions the filter leaves open (the others are counted apart).
 */
function foldSummary(
  rows: GroupRow[],
  filter: FindingsFilter,
): FindingsSummary {
  const facets = emptyFacets();
  const open = FACET_DIMENSIONS.filter(d => !isFiltered(filter, d));
  const bySeverity = Object.fromEntries(
    SEVERITY_LABELS.map(label => [label, 0]),
  ) as Record<SeverityLabel, number>;
  const byComplianceStatus: Record<string, number> = {};
  const byWorkflowStatus: Record<string, number> = {};
  const byRecordState: Record<string, number> = {};
  const accounts = new Buckets();
  const regions = new Buckets();
  const resourceTypes = new Buckets();
  const controls = new Buckets();
  const controlInfo = new Map<string, number>();
  const add = (map: Record<string, number>, key: string, n: number) => {
    map[key] = (map[key] ?? 0) + n;
  };

  let total = 0;
  for (const row of rows) {
    const n = Number(row.n);
    const severity = row.severity as SeverityLabel;
    total += n;
    bySeverity[severity] += n;
    add(byComplianceStatus, row.compliance_status ?? 'NONE', n);
    add(byWorkflowStatus, row.workflow_status ?? '', n);
    add(byRecordState, row.record_state ?? '', n);
    for (const dimension of open) {
      addToFacet(facets, dimension, row[FACET_COLUMN[dimension]], n);
    }
    accounts.add(row.aws_account_id ?? '', row, n);
    regions.add(row.region ?? '', row, n);
    if (row.resource_type) resourceTypes.add(row.resource_type, row, n);
    if (row.control_id) {
      controls.add(row.control_id, row, n);
      const rank = SEVERITY_LABELS.indexOf(severity);
      mergeControlRank(controlInfo, row.control_id, rank);
    }
  }

  const byControl = rankControls(controls, controlInfo);

  return {
    total,
    bySeverity,
    byComplianceStatus,
    byWorkflowStatus,
    byRecordState,
    byAccount: accounts.sorted(),
    byRegion: regions.sorted(),
    byResourceType: resourceTypes.sorted(MAX_BUCKETS),
    byControl,
    facets,
  };
}

/** Keeps a control's highest severity rank among the matching findings. */
export function mergeControlRank(
  ranks: Map<string, number>,
  controlId: string,
  rank: number,
): void {
  ranks.set(controlId, Math.max(rank, ranks.get(controlId) ?? -1));
}

/** Most failed first, then the most severe, then by key; the first MAX_BUCKETS. */
export function rankControls(
  controls: Buckets,
  ranks: Map<string, number>,
): ControlCountBucket[] {
  return controls
    .sorted()
    .map(
      (bucket): ControlCountBucket => ({
        ...bucket,
        // Filled in for the controls kept (withControlTitles).
        title: '',
        severity: SEVERITY_LABELS[ranks.get(bucket.key) ?? 0],
      }),
    )
    .sort(
      (a, b) =>
        b.failed - a.failed ||
        SEVERITY_LABELS.indexOf(b.severity) -
          SEVERITY_LABELS.indexOf(a.severity) ||
        a.key.localeCompare(b.key),
    )
    .slice(0, MAX_BUCKETS);
}
