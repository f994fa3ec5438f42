import type { Knex } from 'knex';
import {
  SEVERITY_LABELS,
  type ControlCountBucket,
  type CountBucket,
  type FindingsSummary,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { FINDINGS_TABLE } from './rows';

/** Most controls / resource types returned; enough for filter pickers. */
const MAX_BUCKETS = 100;

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
  title: string | null;
};

class Buckets {
  private readonly byKey = new Map<string, CountBucket>();

  add(key: string, row: GroupRow, n: number): CountBucket {
    let bucket = this.byKey.get(key);
    if (!bucket) {
      bucket = { key, total: 0, failed: 0, critical: 0, high: 0 };
      this.byKey.set(key, bucket);
    }
    bucket.total += n;
    if (row.compliance_status === 'FAILED') bucket.failed += n;
    if (row.severity === 'CRITICAL') bucket.critical += n;
    if (row.severity === 'HIGH') bucket.high += n;
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
 * Counts of the findings a filtered query matches, from ONE grouped scan:
 * grouping by every summarized dimension and folding the groups here is
 * several times faster than one GROUP BY query per dimension.
 */
export async function summarize(
  base: () => Knex.QueryBuilder,
): Promise<FindingsSummary> {
  const columns = DIMENSIONS.map(d => `${FINDINGS_TABLE}.${d}`);
  const rows: GroupRow[] = await base()
    .select(...columns)
    .count({ n: '*' })
    .max({ title: `${FINDINGS_TABLE}.title` })
    .groupBy(columns);

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
  const controlInfo = new Map<string, { title: string; rank: number }>();
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
    accounts.add(row.aws_account_id ?? '', row, n);
    regions.add(row.region ?? '', row, n);
    if (row.resource_type) resourceTypes.add(row.resource_type, row, n);
    if (row.control_id) {
      controls.add(row.control_id, row, n);
      const rank = SEVERITY_LABELS.indexOf(severity);
      const info = controlInfo.get(row.control_id);
      if (!info || rank > info.rank) {
        controlInfo.set(row.control_id, {
          title: info?.title || row.title || '',
          rank,
        });
      }
    }
  }

  const byControl = controls
    .sorted()
    .map(
      (bucket): ControlCountBucket => ({
        ...bucket,
        title: controlInfo.get(bucket.key)?.title ?? '',
        severity: SEVERITY_LABELS[controlInfo.get(bucket.key)?.rank ?? 0],
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
  };
}
