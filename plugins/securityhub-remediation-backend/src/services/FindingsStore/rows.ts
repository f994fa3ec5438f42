import {
  type AsffFinding,
  type Finding,
  type FindingResource,
  type NormalizedFinding,
  isResolved,
  severityRank,
} from '@internal/plugin-securityhub-remediation-common';

export const FINDINGS_TABLE = 'securityhub_findings';
export const DOCUMENTS_TABLE = 'securityhub_finding_documents';
export const SYNC_STATE_TABLE = 'securityhub_sync_state';

/** A stored finding row, as both databases return it. */
export interface FindingRow {
  id: string;
  source_id: string;
  aws_account_id: string;
  region: string;
  product_arn: string;
  generator_id: string;
  control_id: string;
  title: string;
  description: string;
  severity: string;
  severity_rank: number;
  compliance_status: string | null;
  workflow_status: string;
  record_state: string;
  resource_type: string | null;
  resource_id: string | null;
  resources_json: string;
  remediation_text: string | null;
  remediation_url: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  first_observed_at: string | Date | null;
  last_observed_at: string | Date | null;
  first_seen_at: string | Date;
  last_seen_at: string | Date;
  resolved_at: string | Date | null;
  search_text: string;
}

/** PostgreSQL returns Date, SQLite the ISO string that was written. */
export function toIso(value: string | Date): string;
export function toIso(value: string | Date | null): string | null;
export function toIso(value: string | Date | null): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

function searchTextOf(finding: NormalizedFinding): string {
  return [
    finding.title,
    finding.controlId,
    finding.awsAccountId,
    finding.region,
    ...finding.resources.map(r => r.id),
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/**
 * The row written for a finding seen at `seenAt`. `resolved_at` starts at the
 * finding's own UpdatedAt (when it changed to resolved); the upsert keeps an
 * earlier value and clears it when the finding reopens.
 */
export function toFindingRow(
  finding: NormalizedFinding,
  sourceId: string,
  seenAt: string,
): FindingRow {
  return {
    id: finding.id,
    source_id: sourceId,
    aws_account_id: finding.awsAccountId,
    region: finding.region,
    product_arn: finding.productArn,
    generator_id: finding.generatorId,
    control_id: finding.controlId ?? '',
    title: finding.title,
    description: finding.description,
    severity: finding.severity,
    severity_rank: severityRank(finding.severity),
    compliance_status: finding.complianceStatus,
    workflow_status: finding.workflowStatus,
    record_state: finding.recordState,
    resource_type: finding.resourceType,
    resource_id: finding.resourceId,
    resources_json: JSON.stringify(finding.resources),
    remediation_text: finding.remediationText,
    remediation_url: finding.remediationUrl,
    created_at: finding.createdAt,
    updated_at: finding.updatedAt,
    first_observed_at: finding.firstObservedAt,
    last_observed_at: finding.lastObservedAt,
    first_seen_at: seenAt,
    last_seen_at: seenAt,
    resolved_at: isResolved(finding) ? finding.updatedAt : null,
    search_text: searchTextOf(finding),
  };
}

export function fromFindingRow(row: FindingRow): Finding {
  return {
    id: row.id,
    sourceId: row.source_id,
    awsAccountId: row.aws_account_id,
    region: row.region,
    productArn: row.product_arn,
    generatorId: row.generator_id,
    controlId: row.control_id || null,
    title: row.title,
    description: row.description,
    severity: row.severity as Finding['severity'],
    complianceStatus: row.compliance_status as Finding['complianceStatus'],
    workflowStatus: row.workflow_status as Finding['workflowStatus'],
    recordState: row.record_state as Finding['recordState'],
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    resources: JSON.parse(row.resources_json) as FindingResource[],
    remediationText: row.remediation_text,
    remediationUrl: row.remediation_url,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    firstObservedAt: toIso(row.first_observed_at),
    lastObservedAt: toIso(row.last_observed_at),
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.last_seen_at),
    resolvedAt: toIso(row.resolved_at),
  };
}

export type { AsffFinding };
