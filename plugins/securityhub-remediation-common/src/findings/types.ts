import type {
  ComplianceStatus,
  RecordState,
  SeverityLabel,
  WorkflowStatus,
} from './constants';
import type { AsffFinding } from '../asff/schema';

/** One affected resource of a finding. @public */
export interface FindingResource {
  type: string;
  id: string;
  partition?: string;
  region?: string;
  tags?: Record<string, string>;
}

/**
 * A Security Hub finding as the portal stores and serves it: the ASFF fields
 * people filter on, plus what the portal itself observed (first/last seen,
 * resolved at). Timestamps are ISO 8601 strings.
 *
 * @public
 */
export interface Finding {
  id: string;
  productArn: string;
  generatorId: string;
  awsAccountId: string;
  region: string;
  /** Security Hub control id such as `S3.5`, or null for non-control findings. */
  controlId: string | null;
  title: string;
  description: string;
  severity: SeverityLabel;
  complianceStatus: ComplianceStatus | null;
  workflowStatus: WorkflowStatus;
  recordState: RecordState;
  /** Type and id of the first resource (the one Security Hub evaluated). */
  resourceType: string | null;
  resourceId: string | null;
  resources: FindingResource[];
  remediationText: string | null;
  remediationUrl: string | null;
  createdAt: string;
  updatedAt: string;
  firstObservedAt: string | null;
  lastObservedAt: string | null;
  /** When a sync of this portal first stored the finding. */
  firstSeenAt: string;
  /** When a sync of this portal last received the finding. */
  lastSeenAt: string;
  /** When the finding turned PASSED, RESOLVED or ARCHIVED; null while open. */
  resolvedAt: string | null;
  /** The configured source it came from (for example `demo` or `securityhub:111122223333:us-east-1`). */
  sourceId: string;
}

/** A finding with the ASFF document it was stored from. @public */
export interface FindingDetail extends Finding {
  raw: AsffFinding;
}

/** One page of the findings list. @public */
export interface FindingsPage {
  items: Finding[];
  /** Number of findings matching the filters (all pages). */
  totalCount: number;
  /** Opaque cursor of the next page; null on the last page. */
  nextCursor: string | null;
}

/** @public */
export interface CountBucket {
  key: string;
  total: number;
  failed: number;
  critical: number;
  high: number;
}

/** @public */
export interface ControlCountBucket extends CountBucket {
  title: string;
  /** Highest severity seen among the findings of the control. */
  severity: SeverityLabel;
}

/** Counts of the findings matching a filter. @public */
export interface FindingsSummary {
  total: number;
  bySeverity: Record<SeverityLabel, number>;
  byComplianceStatus: Record<string, number>;
  byWorkflowStatus: Record<string, number>;
  byRecordState: Record<string, number>;
  byAccount: CountBucket[];
  byRegion: CountBucket[];
  byResourceType: CountBucket[];
  /** Controls ordered by failed count, then severity (at most 100). */
  byControl: ControlCountBucket[];
}

/** @public */
export type SyncRunState = 'never' | 'running' | 'succeeded' | 'failed';

/** What the last runs of one configured source did. @public */
export interface SourceSyncStatus {
  sourceId: string;
  kind: 'asff-files' | 'securityhub';
  /** Human-readable target: a folder, or account/region. */
  target: string;
  state: SyncRunState;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastSucceededAt: string | null;
  /** Highest `UpdatedAt` stored from this source; the next sync asks only for newer. */
  watermark: string | null;
  /** Findings written by the last run. */
  lastImported: number;
  /** Pages or files read by the last run. */
  lastBatches: number;
  /** Throttled or failed calls that were retried during the last run. */
  lastRetries: number;
  /** Why the last run failed; what it stored before failing is kept. */
  lastError: string | null;
}

/** @public */
export interface SyncStatus {
  sources: SourceSyncStatus[];
  totalStored: number;
}
