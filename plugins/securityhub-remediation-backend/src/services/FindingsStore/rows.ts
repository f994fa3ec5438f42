import type {
  Finding,
  FindingResource,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingDetailRow,
  FindingRow,
} from '@internal/plugin-securityhub-remediation-node';

export {
  toFindingDetailRow,
  toFindingRow,
  type FindingDetailRow,
  type FindingRow,
} from '@internal/plugin-securityhub-remediation-node';

export const FINDINGS_TABLE = 'securityhub_findings';
export const DETAILS_TABLE = 'securityhub_finding_details';
export const SYNC_STATE_TABLE = 'securityhub_sync_state';

/** PostgreSQL returns Date, SQLite the ISO string that was written. */
export function toIso(value: string | Date): string;
export function toIso(value: string | Date | null): string | null;
export function toIso(value: string | Date | null): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

/** A finding from its narrow row and its details (absent only if the database was edited by hand). */
export function fromFindingRows(
  row: FindingRow,
  detail: FindingDetailRow | undefined,
): Finding {
  return {
    id: row.id,
    sourceId: row.source_id,
    awsAccountId: row.aws_account_id,
    region: row.region,
    productArn: detail?.product_arn ?? '',
    generatorId: detail?.generator_id ?? '',
    controlId: row.control_id || null,
    title: row.title,
    description: detail?.description ?? '',
    severity: row.severity as Finding['severity'],
    complianceStatus: row.compliance_status as Finding['complianceStatus'],
    workflowStatus: row.workflow_status as Finding['workflowStatus'],
    recordState: row.record_state as Finding['recordState'],
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    resources: detail
      ? (JSON.parse(detail.resources_json) as FindingResource[])
      : [],
    remediationText: detail?.remediation_text ?? null,
    remediationUrl: detail?.remediation_url ?? null,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    firstObservedAt: toIso(row.first_observed_at),
    lastObservedAt: toIso(row.last_observed_at),
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.last_seen_at),
    resolvedAt: toIso(row.resolved_at),
  };
}
