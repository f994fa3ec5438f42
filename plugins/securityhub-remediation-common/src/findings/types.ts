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
  /** When a sync of this portal last stored a new version or changed content of the finding. */
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
  /**
   * Per filterable dimension, the findings each of its values would match
   * with the other filters kept and this dimension's own filter removed.
   */
  facets: FindingsFacets;
}

/** The filter fields whose values have facet counts. @public */
export const FACET_DIMENSIONS = [
  'severity',
  'complianceStatus',
  'workflowStatus',
  'recordState',
  'accountId',
  'region',
  'controlId',
  'resourceType',
] as const;

/** @public */
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];

/**
 * Findings per value of each filterable dimension, with that dimension's own
 * filter removed (a value with no findings is left out). Compliance status
 * counts findings without one under `NONE`. @public
 */
export type FindingsFacets = Record<FacetDimension, Record<string, number>>;

/**
 * `interrupted`: the backend instance running it stopped (crash, restart)
 * before it finished; a restarted backend marks it so and the next run can
 * start at once. @public
 */
export type SyncRunState =
  | 'never'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'interrupted';

/** A unit (file, page) a run rejected whole; it is read again next run. @public */
export interface RejectedSyncUnit {
  /** A file path, or "111122223333/us-east-1 page 3". */
  origin: string;
  /** Where in the unit, when known: "line 12", "finding 3 (Findings[2])". */
  position: string | null;
  reason: string;
}

/** At most this many rejected units are kept per source (the count is exact). @public */
export const REJECTED_SYNC_UNITS_KEPT = 100;

/**
 * What the last runs of one configured source did. Without
 * `securityhub.sync.admin` the status is sanitized: `sourceId` is a
 * placeholder ("source 1"), `target`, `lastImported` are null, `lastError` is a
 * generic sentence and `rejected` is empty (only `lastRejected` counts them).
 *
 * @public
 */
export interface SourceSyncStatus {
  sourceId: string;
  kind: 'asff-files' | 'securityhub' | 'securityhub-ocsf';
  /** Human-readable target: a folder, or account/region. Null when sanitized. */
  target: string | null;
  state: SyncRunState;
  lastStartedAt: string | null;
  /** When the last run ended, or when it was found interrupted. */
  lastFinishedAt: string | null;
  lastSucceededAt: string | null;
  /** Highest `UpdatedAt` stored from this source; the next sync asks only for newer. */
  watermark: string | null;
  /** Findings written by the last run (all accounts). Null when sanitized. */
  lastImported: number | null;
  /**
   * Findings the last run read (or skipped with their unchanged file) that
   * the store already held as they are, so nothing was written for them.
   * Null when sanitized.
   */
  lastUnchanged: number | null;
  /** Units (files) the last run did not read again: unchanged since stored. */
  lastUnchangedUnits: number;
  /** Pages or files read by the last run. */
  lastBatches: number;
  /** Throttled or failed calls that were retried during the last run. */
  lastRetries: number;
  /** Units (files, pages) the last run rejected whole; the others were imported. */
  lastRejected: number;
  /** The first {@link REJECTED_SYNC_UNITS_KEPT} rejected units; empty when sanitized. */
  rejected: RejectedSyncUnit[];
  /** Why the last run failed or was interrupted; what it stored before is kept. */
  lastError: string | null;
}

/** @public */
export interface SyncStatus {
  sources: SourceSyncStatus[];
  /** Findings stored that the caller may read. */
  totalStored: number;
  /** False when sanitized (the caller lacks `securityhub.sync.admin`). */
  detailed: boolean;
}
