import {
  REMEDIATION_STAGES,
  type DeliveryMode,
  type RemediationEvent,
  type RemediationStage,
  type RemediationStageName,
  type RemediationStatus,
  type StageStatus,
} from '@internal/plugin-securityhub-remediation-common';

/** The stage a status is in (what a failure while in it is a failure of). */
export const STAGE_OF_STATUS: Record<RemediationStatus, RemediationStageName> =
  {
    generated: 'generate',
    staged: 'stage',
    validating: 'validate',
    awaiting_approval: 'approval',
    deploying: 'deploy',
    deployed: 'run',
    running: 'run',
    verifying: 'verify',
    verified: 'verify',
    rejected: 'approval',
    failed: 'verify',
  };

/** The status a retry of a failed stage goes back to. */
export const RETRY_STATUS_OF_STAGE: Record<
  RemediationStageName,
  RemediationStatus
> = {
  generate: 'staged',
  stage: 'staged',
  validate: 'validating',
  approval: 'awaiting_approval',
  deploy: 'deploying',
  run: 'deployed',
  verify: 'verifying',
};

/** Every stage pending: the timeline a new remediation starts with. */
export function initialStages(): RemediationStage[] {
  return REMEDIATION_STAGES.map(name => ({ name, status: 'pending' }));
}

export interface StageChange {
  stage: RemediationStageName;
  status: StageStatus;
  at: string;
  summary?: string;
  error?: string;
  attempts?: number;
  mode?: DeliveryMode;
}

/**
 * The stages with one of them changed: started when it goes in progress,
 * ended when it succeeds, fails or is rejected.
 */
export function withStage(
  stages: RemediationStage[],
  change: StageChange,
): RemediationStage[] {
  const base = stages.length > 0 ? stages : initialStages();
  return base.map(stage => {
    if (stage.name !== change.stage) return stage;
    const next: RemediationStage = { ...stage, status: change.status };
    if (change.status === 'in_progress') {
      next.startedAt = stage.startedAt ?? change.at;
      delete next.endedAt;
    } else if (change.status !== 'pending') {
      next.startedAt = stage.startedAt ?? change.at;
      next.endedAt = change.at;
    }
    if (change.summary !== undefined) next.summary = change.summary;
    if (change.error !== undefined) next.error = change.error;
    else if (change.status === 'succeeded' || change.status === 'in_progress') {
      delete next.error;
    }
    if (change.attempts !== undefined) next.attempts = change.attempts;
    if (change.mode !== undefined) next.mode = change.mode;
    return next;
  });
}

/** The timeline entry that goes with a stage change. */
export function eventOf(
  change: StageChange,
  message: string,
  actor: string,
): RemediationEvent {
  return {
    at: change.at,
    stage: change.stage,
    status: change.status,
    message,
    actor,
    ...(change.mode ? { mode: change.mode } : {}),
  };
}
