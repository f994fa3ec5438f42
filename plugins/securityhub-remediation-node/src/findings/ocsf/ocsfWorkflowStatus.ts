import type { WorkflowStatus } from '@internal/plugin-securityhub-remediation-common';

/**
 * OCSF finding `status_id`: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved,
 * 5 Archived, 6 Deleted, 0/99 Unknown/Other. ASFF has no "in progress":
 * NOTIFIED is its state for "someone was told and is acting on it", the
 * closest meaning.
 *
 * The one table both directions read: findings read from Security Hub
 * (`status_id` → workflow status) and triage written back to it (workflow
 * status → `StatusId` of `BatchUpdateFindingsV2`).
 */
const OCSF_STATUS_ID_BY_WORKFLOW_STATUS = {
  NEW: 1,
  NOTIFIED: 2,
  SUPPRESSED: 3,
  RESOLVED: 4,
} as const satisfies Record<WorkflowStatus, number>;

/** Archived and Deleted findings are done with, as Resolved ones are. */
const RETIRED_STATUS_IDS = [5, 6];

const WORKFLOW_STATUS_BY_OCSF_STATUS_ID: ReadonlyMap<number, WorkflowStatus> =
  new Map([
    ...Object.entries(OCSF_STATUS_ID_BY_WORKFLOW_STATUS).map(
      ([status, id]) => [id, status as WorkflowStatus] as const,
    ),
    ...RETIRED_STATUS_IDS.map(id => [id, 'RESOLVED' as const] as const),
  ]);

/** The workflow status of an OCSF `status_id`; undefined for Unknown, Other and unknown ids. @public */
export function workflowStatusOfOcsfStatusId(
  statusId: number,
): WorkflowStatus | undefined {
  return WORKFLOW_STATUS_BY_OCSF_STATUS_ID.get(statusId);
}

/** The OCSF `status_id` a workflow status is written back as. @public */
export function ocsfStatusIdOfWorkflowStatus(status: WorkflowStatus): number {
  return OCSF_STATUS_ID_BY_WORKFLOW_STATUS[status];
}
