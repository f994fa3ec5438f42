import type { AsffFinding } from './schema';
import { asffTimestampToIso } from './timestamps';
import type { Finding, FindingResource } from '../findings/types';
import {
  severityFromNormalized,
  type ComplianceStatus,
  type SeverityLabel,
} from '../findings/constants';

const CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*\.\d+$/;

/**
 * The Security Hub control id of a finding: `Compliance.SecurityControlId`
 * (consolidated control findings), else `ProductFields.ControlId`, else the
 * last segment of a standards `GeneratorId` such as
 * `aws-foundational-security-best-practices/v/1.0.0/S3.5`.
 *
 * @public
 */
export function controlIdOf(finding: AsffFinding): string | null {
  const candidates = [
    finding.Compliance?.SecurityControlId,
    finding.ProductFields?.ControlId,
    finding.GeneratorId.split('/').pop(),
  ];
  for (const candidate of candidates) {
    if (candidate && CONTROL_ID.test(candidate)) return candidate;
  }
  return null;
}

/** @public */
export function severityOf(finding: AsffFinding): SeverityLabel {
  return (
    finding.Severity.Label ??
    severityFromNormalized(finding.Severity.Normalized ?? 0)
  );
}

/** Region of the finding, falling back to the first resource's region. @public */
export function regionOf(finding: AsffFinding): string {
  return (
    finding.Region ??
    finding.Resources.find(r => r.Region)?.Region ??
    arnRegion(finding.Id) ??
    'unknown'
  );
}

function arnRegion(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length > 4 && parts[0] === 'arn' && parts[3]
    ? parts[3]
    : undefined;
}

/** True when the finding no longer needs work. @public */
export function isResolved(finding: {
  complianceStatus: ComplianceStatus | null;
  workflowStatus: string;
  recordState: string;
}): boolean {
  return (
    finding.recordState === 'ARCHIVED' ||
    finding.workflowStatus === 'RESOLVED' ||
    finding.complianceStatus === 'PASSED'
  );
}

/**
 * The ASFF fields of a stored finding. The portal's own observation times
 * (first/last seen, resolved at) are added by the store.
 *
 * @public
 */
export type NormalizedFinding = Omit<
  Finding,
  'firstSeenAt' | 'lastSeenAt' | 'resolvedAt' | 'sourceId'
>;

/** Flattens a validated ASFF finding into the stored shape. @public */
export function normalizeAsffFinding(finding: AsffFinding): NormalizedFinding {
  const resources: FindingResource[] = finding.Resources.map(r => ({
    type: r.Type,
    id: r.Id,
    ...(r.Partition ? { partition: r.Partition } : {}),
    ...(r.Region ? { region: r.Region } : {}),
    ...(r.Tags ? { tags: r.Tags } : {}),
  }));
  const workflow =
    finding.Workflow?.Status ??
    (finding.WorkflowState === 'RESOLVED' ? 'RESOLVED' : 'NEW');
  return {
    id: finding.Id,
    productArn: finding.ProductArn,
    generatorId: finding.GeneratorId,
    awsAccountId: finding.AwsAccountId,
    region: regionOf(finding),
    controlId: controlIdOf(finding),
    title: finding.Title,
    description: finding.Description,
    severity: severityOf(finding),
    complianceStatus: finding.Compliance?.Status ?? null,
    workflowStatus: workflow,
    recordState: finding.RecordState ?? 'ACTIVE',
    resourceType: resources[0]?.type ?? null,
    resourceId: resources[0]?.id ?? null,
    resources,
    remediationText: finding.Remediation?.Recommendation?.Text ?? null,
    remediationUrl: finding.Remediation?.Recommendation?.Url ?? null,
    // UTC, also for a timestamp written without a zone.
    createdAt: asffTimestampToIso(finding.CreatedAt),
    updatedAt: asffTimestampToIso(finding.UpdatedAt),
    firstObservedAt: finding.FirstObservedAt
      ? asffTimestampToIso(finding.FirstObservedAt)
      : null,
    lastObservedAt: finding.LastObservedAt
      ? asffTimestampToIso(finding.LastObservedAt)
      : null,
  };
}

/**
 * A validated finding ready to store: its normalized fields and its ASFF
 * document as JSON text. Sources produce it where they parse (for files, on
 * the parser thread), so the store's thread only writes.
 *
 * @public
 */
export interface PreparedFinding {
  normalized: NormalizedFinding;
  document: string;
}

/** @public */
export function prepareFinding(finding: AsffFinding): PreparedFinding {
  return {
    normalized: normalizeAsffFinding(finding),
    document: JSON.stringify(finding),
  };
}
