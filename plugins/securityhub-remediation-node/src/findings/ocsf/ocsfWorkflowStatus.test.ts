import { WORKFLOW_STATUSES } from '@internal/plugin-securityhub-remediation-common';
import {
  ocsfStatusIdOfWorkflowStatus,
  workflowStatusOfOcsfStatusId,
} from './ocsfWorkflowStatus';

describe('OCSF status_id and workflow status', () => {
  it('writes back every workflow status as the status_id it is read from', () => {
    for (const status of WORKFLOW_STATUSES) {
      expect(
        workflowStatusOfOcsfStatusId(ocsfStatusIdOfWorkflowStatus(status)),
      ).toBe(status);
    }
  });

  it('reads Archived and Deleted as RESOLVED, and Unknown or Other as nothing', () => {
    expect([5, 6].map(workflowStatusOfOcsfStatusId)).toEqual([
      'RESOLVED',
      'RESOLVED',
    ]);
    expect([0, 99, 42].map(workflowStatusOfOcsfStatusId)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('writes the status_ids BatchUpdateFindingsV2 accepts', () => {
    expect(WORKFLOW_STATUSES.map(ocsfStatusIdOfWorkflowStatus)).toEqual(
      WORKFLOW_STATUSES.map(
        s => ({ NEW: 1, NOTIFIED: 2, SUPPRESSED: 3, RESOLVED: 4 }[s]),
      ),
    );
  });
});
