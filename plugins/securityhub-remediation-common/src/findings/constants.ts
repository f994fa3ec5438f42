/** Severity labels in ascending order; the index is the stored rank. @public */
export const SEVERITY_LABELS = [
  'INFORMATIONAL',
  'LOW',
  'MEDIUM',
  'HIGH',
  'CRITICAL',
] as const;
/** @public */
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

/** @public */
export const COMPLIANCE_STATUSES = [
  'PASSED',
  'WARNING',
  'FAILED',
  'NOT_AVAILABLE',
] as const;
/** @public */
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/** @public */
export const WORKFLOW_STATUSES = [
  'NEW',
  'NOTIFIED',
  'RESOLVED',
  'SUPPRESSED',
] as const;
/** @public */
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** @public */
export const RECORD_STATES = ['ACTIVE', 'ARCHIVED'] as const;
/** @public */
export type RecordState = (typeof RECORD_STATES)[number];

/** Rank used for sorting and "at least" filters: INFORMATIONAL=0 … CRITICAL=4. @public */
export function severityRank(label: SeverityLabel): number {
  return SEVERITY_LABELS.indexOf(label);
}

/**
 * ASFF's rule for a finding that has only `Severity.Normalized` (0–100).
 * @public
 */
export function severityFromNormalized(normalized: number): SeverityLabel {
  if (normalized >= 90) return 'CRITICAL';
  if (normalized >= 70) return 'HIGH';
  if (normalized >= 40) return 'MEDIUM';
  if (normalized >= 1) return 'LOW';
  return 'INFORMATIONAL';
}

/** Sortable columns of the findings list. @public */
export const FINDING_SORT_FIELDS = [
  'severity',
  'updatedAt',
  'firstSeenAt',
  'controlId',
  'awsAccountId',
  'title',
] as const;
/** @public */
export type FindingSortField = (typeof FINDING_SORT_FIELDS)[number];

/** Page size bounds of the list route. @public */
export const FINDINGS_PAGE_SIZE = { default: 50, max: 500 } as const;
