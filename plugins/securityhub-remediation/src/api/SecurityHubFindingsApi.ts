import { createApiRef } from '@backstage/core-plugin-api';
import type {
  FindingDetail,
  FindingSortField,
  FindingsExportRequest,
  FindingsFilter,
  FindingsPage,
  FindingsSummary,
  FindingsTriageRequest,
  FindingsTriageResponse,
  SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';

/** Sort direction of the findings list. @public */
export type SortOrder = 'asc' | 'desc';

/**
 * One request for a page of findings: the filters plus sort and cursor paging.
 * Omitted fields take the backend defaults (severity, desc, 50).
 *
 * @public
 */
export type ListFindingsRequest = FindingsFilter & {
  sort?: FindingSortField;
  order?: SortOrder;
  limit?: number;
  /** Opaque `nextCursor` of the previous page. */
  cursor?: string;
  /** Rows to skip, for a jump to a page without a cursor (not with `cursor`). */
  offset?: number;
};

/**
 * Reads stored Security Hub findings from the securityhub-remediation backend.
 *
 * @public
 */
export interface SecurityHubFindingsApi {
  /** One page of findings matching the filters. */
  listFindings(request: ListFindingsRequest): Promise<FindingsPage>;
  /** Counts (by severity, account, control, …) of the findings matching the filters. */
  getSummary(filter: FindingsFilter): Promise<FindingsSummary>;
  /** One finding with its raw ASFF document; rejects with a 404 ResponseError if not visible. */
  getFinding(id: string): Promise<FindingDetail>;
  /**
   * Downloads every finding matching the filters, in the given sort, as a
   * CSV, JSON or JSON Lines file the browser saves; resolves with the file's
   * name once it has been handed to the browser.
   */
  exportFindings(request: FindingsExportRequest): Promise<{ fileName: string }>;
  /**
   * Sets the workflow status and/or adds a note on up to 100 findings,
   * written back to Security Hub (needs `securityhub.finding.update`).
   * Resolves with the outcome of each finding; some may have failed.
   */
  triageFindings(
    request: FindingsTriageRequest,
  ): Promise<FindingsTriageResponse>;
  /** State of the configured sync sources. */
  getSyncStatus(): Promise<SyncStatus>;
  /**
   * Asks the backend to sync now (needs `securityhub.sync.run`). Resolves
   * `already-running` when a run is going on (on any instance): the backend
   * answers 409 and that run's results are the ones to wait for.
   */
  triggerSync(): Promise<'started' | 'already-running'>;
}

/** @public */
export const securityHubFindingsApiRef = createApiRef<SecurityHubFindingsApi>({
  id: 'plugin.securityhub-remediation.findings',
});
