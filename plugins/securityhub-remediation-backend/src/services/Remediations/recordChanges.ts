import { randomUUID } from 'crypto';
import type {
  DeliveryMode,
  RemediationEvent,
  RemediationPreview,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  RemediationRepository,
  StageResult,
} from '@internal/plugin-securityhub-remediation-node';
import type {
  NewRemediationRecord,
  RemediationPatch,
  RemediationRecord,
} from './RemediationStore';
import {
  eventOf,
  initialStages,
  RETRY_STATUS_OF_STAGE,
  withStage,
  type StageChange,
} from './remediationStages';

/*
 * The record changes the service writes on a person's request: a new
 * remediation, its commit, an approval decision. Pure: the service persists them.
 */

/** The record of a reviewed preview, status `generated`. */
export function generatedRecordOf(
  preview: RemediationPreview,
  options: { actor: string; idempotencyKey?: string; at: string },
): { record: NewRemediationRecord; events: RemediationEvent[] } {
  const { actor, at } = options;
  const change: StageChange = {
    stage: 'generate',
    status: 'succeeded',
    at,
    summary: `${preview.automationKind} template ${preview.name}`,
  };
  return {
    record: {
      id: randomUUID(),
      findingId: preview.findingId,
      controlId: preview.controlId,
      controlTitle: preview.controlTitle,
      awsAccountId: preview.awsAccountId,
      region: preview.region,
      resourceId: preview.resourceId,
      automationKind: preview.automationKind,
      templateName: preview.name!,
      templateHash: preview.templateHash!,
      templateYaml: preview.templateYaml!,
      parametersJson: preview.parametersJson!,
      changePreview: preview.changePreview,
      validation: preview.validation,
      status: 'generated',
      submittedBy: actor,
      idempotencyKey: options.idempotencyKey,
      stages: withStage(initialStages(), change),
      attempts: 0,
      retries: 0,
      createdAt: at,
      updatedAt: at,
    },
    events: [
      eventOf(
        change,
        `Generated ${preview.name}.yaml from the reviewed template`,
        actor,
      ),
    ],
  };
}

/** The record once its files are committed: `staged`, due for the follow-up now. */
export function stagedPatchOf(
  record: RemediationRecord,
  repository: RemediationRepository,
  result: StageResult,
  options: { actor: string; at: string },
): { patch: RemediationPatch; events: RemediationEvent[] } {
  const { actor, at } = options;
  const url = repository.commitUrl(result.commitId);
  const change: StageChange = {
    stage: 'stage',
    status: 'succeeded',
    at,
    mode: repository.mode,
    summary: `Commit ${result.commitId.slice(0, 12)} on ${repository.name}/${
      repository.branch
    }`,
  };
  return {
    patch: {
      status: 'staged',
      repository: {
        mode: repository.mode,
        name: repository.name,
        branch: repository.branch,
        commitId: result.commitId,
        files: result.files,
        ...(url ? { url } : {}),
      },
      stages: withStage(record.stages, change),
      nextCheckAt: at,
      updatedAt: at,
    },
    events: [
      eventOf(
        change,
        `Committed ${result.files.join(', ')}${
          result.changed ? '' : ' (the branch already held them)'
        }`,
        actor,
      ),
    ],
  };
}

/**
 * The record after an approver's decision. If the follow-up already saw the
 * pipeline move on, its status stays and only the approver is named.
 */
export function decisionPatchOf(
  record: RemediationRecord,
  options: {
    decision: 'approve' | 'reject';
    comment: string;
    actor: string;
    mode: DeliveryMode;
    at: string;
  },
): { patch: RemediationPatch; events: RemediationEvent[] } {
  const { decision, comment, actor, mode, at } = options;
  const approve = decision === 'approve';
  const approval = {
    decision: approve ? ('approved' as const) : ('rejected' as const),
    by: actor,
    at,
    comment,
  };
  const decided: StageChange = {
    stage: 'approval',
    status: approve ? 'succeeded' : 'rejected',
    at,
    mode,
    summary: `${approval.decision} by ${actor}`,
  };
  const events = [
    eventOf(
      decided,
      `${approve ? 'Approved' : 'Rejected'} by ${actor}${
        comment ? `: ${comment}` : ''
      }`,
      actor,
    ),
  ];
  if (record.status !== 'awaiting_approval') {
    return { patch: { approval, updatedAt: at }, events };
  }
  let stages = withStage(record.stages, decided);
  if (approve) {
    stages = withStage(stages, {
      stage: 'deploy',
      status: 'in_progress',
      at,
      mode,
    });
  }
  return {
    patch: {
      approval,
      approvalToken: null,
      status: approve ? 'deploying' : 'rejected',
      stages,
      nextCheckAt: approve ? at : null,
      updatedAt: at,
    },
    events,
  };
}

/** A failed record sent back to the stage that failed, due now. */
export function retryPatchOf(
  record: RemediationRecord,
  options: { actor: string; at: string },
): { patch: RemediationPatch; events: RemediationEvent[] } {
  const { actor, at } = options;
  const stage = record.error?.stage ?? 'verify';
  const change: StageChange = { stage, status: 'in_progress', at, attempts: 0 };
  return {
    patch: {
      status: RETRY_STATUS_OF_STAGE[stage],
      attempts: 0,
      retries: record.retries + 1,
      error: null,
      // A re-run starts a new automation execution.
      ...(stage === 'run' ? { automation: null } : {}),
      stages: withStage(record.stages, change),
      nextCheckAt: at,
      updatedAt: at,
    },
    events: [eventOf(change, `Retry of the ${stage} stage requested`, actor)],
  };
}

/** Commit author from a user entity ref (`user:default/jane` → jane). */
export function authorOf(actor: string): { name: string; email: string } {
  const name =
    actor.replace(/^[^:]*:/, '').replace(/^[^/]*\//, '') || 'backstage';
  return { name, email: `${name}@users.noreply.backstage` };
}
