import type {
  DeliveryMode,
  RemediationStageName,
  RemediationStatus,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  PipelineExecution,
  PipelineStageName,
} from '@internal/plugin-securityhub-remediation-node';
import type { RemediationPatch, RemediationRecord } from './RemediationStore';
import type { StageChange } from './remediationStages';

/*
 * What the pipeline's state means for a remediation, as transitions the
 * follow-up persists. Pure functions of the record and the execution.
 */

/** What one step decided: a new status (with its stage changes) or a field update. */
export interface Transition {
  status?: RemediationStatus;
  patch?: RemediationPatch;
  changes: Array<StageChange & { message: string }>;
}

export const SYSTEM = 'system';

const stageOf = (execution: PipelineExecution, name: PipelineStageName) =>
  execution.stages.find(s => s.name === name);

export function failure(
  stage: RemediationStageName,
  message: string,
  at: string,
  attempts: number,
  mode?: DeliveryMode,
): Transition {
  return {
    status: 'failed',
    patch: { error: { stage, message, attempts }, approvalToken: null },
    changes: [{ stage, status: 'failed', at, error: message, mode, message }],
  };
}

export function validationStep(
  record: RemediationRecord,
  execution: PipelineExecution,
  at: string,
): Transition | undefined {
  const validate = stageOf(execution, 'Validate');
  const approval = stageOf(execution, 'Approval');
  if (validate?.status === 'Failed' || validate?.status === 'Rejected') {
    const problems = (validate.problems ?? [])
      .filter(p => p.severity === 'error')
      .slice(0, 3)
      .map(p => `${p.path}: ${p.message}`);
    const message = problems.length
      ? `Validation failed: ${problems.join('; ')}`
      : `Validation failed: ${
          validate.error ?? validate.summary ?? 'see the pipeline'
        }`;
    return failure('validate', message, at, record.attempts, execution.mode);
  }
  // Also when the approval was decided (e.g. from its email) before this step saw it wait.
  const approvalReached =
    (approval?.status === 'InProgress' && approval.approvalToken) ||
    (validate?.status === 'Succeeded' &&
      (approval?.status === 'Succeeded' ||
        approval?.status === 'Rejected' ||
        approval?.status === 'Failed'));
  if (approvalReached) {
    return {
      status: 'awaiting_approval',
      patch: { approvalToken: approval?.approvalToken ?? null },
      changes: [
        {
          stage: 'validate',
          status: 'succeeded',
          at,
          mode: execution.mode,
          summary: validate?.summary,
          message: `Validation passed${
            validate?.summary ? `: ${validate.summary}` : ''
          }`,
        },
        {
          stage: 'approval',
          status: 'in_progress',
          at,
          mode: execution.mode,
          message: 'Waiting for an approver',
        },
      ],
    };
  }
  if (execution.status === 'Failed') {
    const failed = execution.stages.find(s => s.status === 'Failed');
    return failure(
      'validate',
      `The pipeline failed${
        failed
          ? ` at ${failed.name}: ${failed.error ?? failed.summary ?? ''}`
          : ''
      }`,
      at,
      record.attempts,
      execution.mode,
    );
  }
  return undefined;
}

export function approvalStep(
  record: RemediationRecord,
  execution: PipelineExecution,
  at: string,
): Transition | undefined {
  const approval = stageOf(execution, 'Approval');
  if (approval?.status === 'Failed' || execution.status === 'Failed') {
    // Expired, or the execution was stopped or superseded while it waited.
    return failure(
      'approval',
      approval?.error ?? 'The pipeline execution ended before a decision',
      at,
      record.attempts,
      execution.mode,
    );
  }
  if (approval?.status === 'InProgress') {
    // The pipeline may have re-issued the token; a decision must name the current one.
    return approval.approvalToken &&
      approval.approvalToken !== record.approvalToken
      ? { patch: { approvalToken: approval.approvalToken }, changes: [] }
      : undefined;
  }
  // Decided outside the portal (or the decision's record update has not landed yet).
  const decided = (decision: 'approved' | 'rejected') =>
    record.approval ?? {
      decision,
      by: 'pipeline',
      at,
      comment: approval?.summary ?? '',
    };
  if (approval?.status === 'Succeeded') {
    return {
      status: 'deploying',
      patch: { approval: decided('approved'), approvalToken: null },
      changes: [
        {
          stage: 'approval',
          status: 'succeeded',
          at,
          mode: execution.mode,
          message: 'Approved in the pipeline',
        },
        {
          stage: 'deploy',
          status: 'in_progress',
          at,
          mode: execution.mode,
          message: 'Deploying',
        },
      ],
    };
  }
  if (approval?.status === 'Rejected') {
    return {
      status: 'rejected',
      patch: { approval: decided('rejected'), approvalToken: null },
      changes: [
        {
          stage: 'approval',
          status: 'rejected',
          at,
          mode: execution.mode,
          message: 'Rejected in the pipeline',
        },
      ],
    };
  }
  return undefined;
}

export function deployStep(
  record: RemediationRecord,
  execution: PipelineExecution,
  at: string,
): Transition | undefined {
  const deploy = stageOf(execution, 'Deploy');
  if (deploy?.status === 'Succeeded') {
    const plan = deploy.plan;
    const stackName = plan?.stackName ?? record.templateName;
    const applied = plan?.applied ?? false;
    const summary =
      plan?.note ??
      (applied
        ? `Stack ${stackName} deployed`
        : `Stack ${stackName} planned; nothing was applied`);
    return {
      status: 'deployed',
      patch: {
        deploy: {
          mode: execution.mode,
          applied,
          deployment: plan?.deployment ?? 'stack',
          stackName,
          accounts: plan?.accounts ?? [record.awsAccountId],
          regions: plan?.regions ?? [record.region],
          parameters: plan?.parameters ?? {},
          ...(plan?.stackId ? { stackId: plan.stackId } : {}),
          ...(plan?.operationId ? { operationId: plan.operationId } : {}),
          ...(plan?.note ? { note: plan.note } : {}),
        },
      },
      changes: [
        {
          stage: 'deploy',
          status: 'succeeded',
          at,
          mode: execution.mode,
          summary,
          message: summary,
        },
      ],
    };
  }
  if (deploy?.status === 'Failed' || execution.status === 'Failed') {
    return failure(
      'deploy',
      `Deploy failed: ${
        deploy?.error ?? deploy?.summary ?? 'see the pipeline'
      }`,
      at,
      record.attempts,
      execution.mode,
    );
  }
  return undefined;
}
