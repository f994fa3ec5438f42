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

const col = (name: string) => `${FINDINGS_TABLE}.${name}`;

/** Count columns every bucket has: total, failed, critical, high. */
function bucketCounts(db: Knex) {
  return [
    db.raw('count(*) as total'),
    db.raw(`sum(case when ?? = 'FAILED' then 1 else 0 end) as failed`, [
      col('compliance_status'),
    ]),
    db.raw(`sum(case when ?? = 'CRITICAL' then 1 else 0 end) as critical`, [
      col('severity'),
    ]),
    db.raw(`sum(case when ?? = 'HIGH' then 1 else 0 end) as high`, [
      col('severity'),
    ]),
  ];
}

type BucketRow = {
  key: string | null;
  total: number | string;
  failed: number | string | null;
  critical: number | string | null;
  high: number | string | null;
};

function toBucket(row: BucketRow): CountBucket {
  return {
    key: row.key ?? '',
    total: Number(row.total),
    failed: Number(row.failed ?? 0),
    critical: Number(row.critical ?? 0),
    high: Number(row.high ?? 0),
  };
}

/**
 * Counts of the findings a filtered query matches. `base` builds a fresh
 * filtered, permission-scoped query each time it is called.
 */
export async function summarize(
  base: () => Knex.QueryBuilder,
  db: Knex,
): Promise<FindingsSummary> {
  const grouped = (column: string, limit?: number) => {
    const q = base()
      .select(db.raw('?? as ??', [col(column), 'key']), ...bucketCounts(db))
      .groupBy(col(column))
      .orderBy('failed', 'desc')
      .orderBy('total', 'desc');
    return (limit ? q.limit(limit) : q) as Promise<BucketRow[]>;
  };

  const [statusRows, accounts, regions, resourceTypes, controls] =
    await Promise.all([
      base()
        .select(
          col('severity'),
          col('compliance_status'),
          col('workflow_status'),
          col('record_state'),
        )
        .count({ n: '*' })
        .groupBy(
          col('severity'),
          col('compliance_status'),
          col('workflow_status'),
          col('record_state'),
        ) as Promise<
        Array<{
          severity: SeverityLabel;
          compliance_status: string | null;
          workflow_status: string;
          record_state: string;
          n: number | string;
        }>
      >,
      grouped('aws_account_id'),
      grouped('region'),
      grouped('resource_type', MAX_BUCKETS),
      base()
        .whereNot(col('control_id'), '')
        .select(
          db.raw('?? as ??', [col('control_id'), 'key']),
          db.raw('max(??) as title', [col('title')]),
          db.raw('max(??) as severity_rank', [col('severity_rank')]),
          ...bucketCounts(db),
        )
        .groupBy(col('control_id'))
        .orderBy('failed', 'desc')
        .orderBy('severity_rank', 'desc')
        .orderBy('key', 'asc')
        .limit(MAX_BUCKETS) as Promise<
        Array<BucketRow & { title: string; severity_rank: number | string }>
      >,
    ]);

  const bySeverity = Object.fromEntries(
    SEVERITY_LABELS.map(label => [label, 0]),
  ) as Record<SeverityLabel, number>;
  const byComplianceStatus: Record<string, number> = {};
  const byWorkflowStatus: Record<string, number> = {};
  const byRecordState: Record<string, number> = {};
  let total = 0;
  const add = (map: Record<string, number>, key: string, n: number) => {
    map[key] = (map[key] ?? 0) + n;
  };
  for (const row of statusRows) {
    const n = Number(row.n);
    total += n;
    bySeverity[row.severity] += n;
    add(byComplianceStatus, row.compliance_status ?? 'NONE', n);
    add(byWorkflowStatus, row.workflow_status, n);
    add(byRecordState, row.record_state, n);
  }

  return {
    total,
    bySeverity,
    byComplianceStatus,
    byWorkflowStatus,
    byRecordState,
    byAccount: accounts.map(toBucket),
    byRegion: regions.map(toBucket),
    byResourceType: resourceTypes.map(toBucket),
    byControl: controls.map(
      (row): ControlCountBucket => ({
        ...toBucket(row),
        title: row.title,
        severity: SEVERITY_LABELS[Number(row.severity_rank)] ?? 'INFORMATIONAL',
      }),
    ),
  };
}
