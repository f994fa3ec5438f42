import {
  ConflictError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  StaleApprovalError,
  type RemediationPipeline,
} from '@internal/plugin-securityhub-remediation-node';
import {
  RemediationVersionConflictError,
  type RemediationRecord,
  type RemediationStore,
} from './RemediationStore';
import { decisionPatchOf } from './recordChanges';

/** Decision updates retried when the follow-up task wrote the record meanwhile. */
const DECISION_WRITE_TRIES = 3;

export interface ApprovalRequest {
  decision: 'approve' | 'reject';
  comment?: string;
  approvalToken: string;
}

interface ApprovalDeps {
  store: RemediationStore;
  pipeline: RemediationPipeline;
  allowSelfApproval: boolean;
  clock: () => Date;
}

/**
 * An approver's decision on a remediation waiting for approval: checked
 * (status, self-approval, the token the approver saw), passed to the
 * pipeline, then recorded with who decided, when and why.
 */
export async function decideApproval(
  deps: ApprovalDeps,
  record: RemediationRecord,
  request: ApprovalRequest,
  actor: string,
): Promise<RemediationRecord> {
  const { id } = record;
  if (record.status !== 'awaiting_approval') {
    throw new ConflictError(
      `Remediation ${id} is ${record.status}, not awaiting approval; reload it to see where it is.`,
    );
  }
  if (record.submittedBy === actor && !deps.allowSelfApproval) {
    throw new NotAllowedError(
      'You submitted this remediation; another approver must decide it',
    );
  }
  const stale = new ConflictError(
    'The approval changed since you loaded it (the pipeline issued a new approval token); reload the remediation and decide again.',
  );
  if (!record.pipeline || request.approvalToken !== record.approvalToken) {
    throw stale;
  }
  const comment = request.comment ?? '';
  try {
    await deps.pipeline.decide({
      executionId: record.pipeline.executionId,
      token: request.approvalToken,
      decision: request.decision,
      comment,
      by: actor,
    });
  } catch (error) {
    if (error instanceof StaleApprovalError) throw stale;
    throw new ServiceUnavailableError(
      `Pipeline ${deps.pipeline.name} did not take the decision: ${
        (error as Error).message
      }. Try again.`,
    );
  }
  return recordDecision(deps, id, request.decision, comment, actor);
}

/** Records the decision; re-reads when the follow-up task wrote the record meanwhile. */
async function recordDecision(
  deps: ApprovalDeps,
  id: string,
  decision: 'approve' | 'reject',
  comment: string,
  actor: string,
): Promise<RemediationRecord> {
  for (let tries = 1; ; tries++) {
    const record = (await deps.store.get(id, undefined))!;
    const { patch, events } = decisionPatchOf(record, {
      decision,
      comment,
      actor,
      mode: deps.pipeline.mode,
      at: deps.clock().toISOString(),
    });
    try {
      return await deps.store.update(id, record.version, patch, events);
    } catch (error) {
      if (
        !(error instanceof RemediationVersionConflictError) ||
        tries >= DECISION_WRITE_TRIES
      ) {
        throw error;
      }
    }
  }
}
