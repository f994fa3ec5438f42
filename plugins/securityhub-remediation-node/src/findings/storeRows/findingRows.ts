import crypto from 'crypto';
import {
  type NormalizedFinding,
  type PreparedFinding,
  isResolved,
  severityRank,
} from '@internal/plugin-securityhub-remediation-common';

/*
 * The rows the backend's findings store keeps for a finding. They live here,
 * not in the store, because the ASFF parser thread, which loads only this
 * package, builds them too: a first load into PostgreSQL has it encode whole
 * batches for COPY (see `copyBatch`).
 */

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

/** A finding's row, and the finding it was built from. */
export interface FindingVersion {
  row: FindingRow;
  finding: PreparedFinding;
}

/**
 * The rows of a batch seen at `seenAt`: one per finding id, the newest
 * version winning inside the batch as in the store (a later one of the
 * same UpdatedAt too), in the order the ids first came; and the batch's
 * highest UpdatedAt.
 */
export function newestVersions(
  findings: PreparedFinding[],
  sourceId: string,
  seenAt: string,
): { versions: FindingVersion[]; maxUpdatedAt: string | null } {
  const byId = new Map<string, FindingVersion>();
  for (const finding of findings) {
    const row = toFindingRow(
      finding.normalized,
      sourceId,
      seenAt,
      finding.document,
    );
    const existing = byId.get(row.id);
    if (!existing || existing.row.updated_at <= row.updated_at) {
      byId.set(row.id, { row, finding });
    }
  }
  const versions = [...byId.values()];
  let maxUpdatedAt: string | null = null;
  for (const { row } of versions) {
    const updated = row.updated_at as string;
    if (!maxUpdatedAt || updated > maxUpdatedAt) maxUpdatedAt = updated;
  }
  return { versions, maxUpdatedAt };
}
