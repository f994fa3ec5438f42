import crypto from 'crypto';
import {
  type Finding,
  type FindingResource,
  type NormalizedFinding,
  isResolved,
  severityRank,
} from '@internal/plugin-securityhub-remediation-common';

export const FINDINGS_TABLE = 'securityhub_findings';
export const DETAILS_TABLE = 'securityhub_finding_details';
export const SYNC_STATE_TABLE = 'securityhub_sync_state';

/** The narrow row every list, count and summary query scans. */
export interface FindingRow {
  /** Table key, assigned on first insert; never leaves the store. */
  pk?: number;
  id: string;
  source_id: string;
  aws_account_id: string;
  region: string;
  control_id: string;
  title: string;
  severity: string;
  severity_rank: number;
  compliance_status: string | null;
  workflow_status: string;
  record_state: string;
  resource_type: string | null;
  resource_id: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  first_observed_at: string | Date | null;
  last_observed_at: string | Date | null;
  first_seen_at: string | Date;
  last_seen_at: string | Date;
  resolved_at: string | Date | null;
  search_text: string;
  /** SHA-256 of the document: the same version with the same content is not written again. */
  content_hash?: string | null;
}

/** Long fields and the raw document, read only for rows being returned. */
export interface FindingDetailRow {
  finding_pk: number;
  product_arn: string;
  generator_id: string;
  description: string;
  resources_json: string;
  remediation_text: string | null;
  remediation_url: string | null;
  document: string;
}

/** PostgreSQL returns Date, SQLite the ISO string that was written. */
export function toIso(value: string | Date): string;
export function toIso(value: string | Date | null): string | null;
export function toIso(value: string | Date | null): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

/** Hashed on every write, so the fastest digest Node has (`crypto.hash`, Node 20.12+). */
function contentHash(document: string): string {
  return typeof crypto.hash === 'function'
    ? crypto.hash('sha256', document, 'base64url')
    : crypto.createHash('sha256').update(document).digest('base64url');
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
  document?: string,
): FindingRow {
  return {
    id: finding.id,
    source_id: sourceId,
    aws_account_id: finding.awsAccountId,
    region: finding.region,
    control_id: finding.controlId ?? '',
    title: finding.title,
    severity: finding.severity,
    severity_rank: severityRank(finding.severity),
    compliance_status: finding.complianceStatus,
    workflow_status: finding.workflowStatus,
    record_state: finding.recordState,
    resource_type: finding.resourceType,
    resource_id: finding.resourceId,
    created_at: finding.createdAt,
    updated_at: finding.updatedAt,
    first_observed_at: finding.firstObservedAt,
    last_observed_at: finding.lastObservedAt,
    first_seen_at: seenAt,
    last_seen_at: seenAt,
    resolved_at: isResolved(finding) ? finding.updatedAt : null,
    search_text: searchTextOf(finding),
    content_hash: document === undefined ? null : contentHash(document),
  };
}

export function toFindingDetailRow(
  finding: NormalizedFinding,
  document: string,
): Omit<FindingDetailRow, 'finding_pk'> {
  return {
    product_arn: finding.productArn,
    generator_id: finding.generatorId,
    description: finding.description,
    resources_json: JSON.stringify(finding.resources),
    remediation_text: finding.remediationText,
    remediation_url: finding.remediationUrl,
    document,
  };
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
