import {
  isTerminalRemediationStatus,
  type RemediationEvent,
} from '@internal/plugin-securityhub-remediation-common';
import {
  automationParametersOf,
  type AutomationRunner,
  type FindingVerifier,
  type PipelineExecution,
  type RemediationPipeline,
} from '@internal/plugin-securityhub-remediation-node';
import type {
  RemediationPatch,
  RemediationRecord,
  RemediationStore,
} from './RemediationStore';
import {
  backoffOf,
  intervalOf,
  type ResolvedFollowUpOptions,
} from './followUpOptions';
import {
  eventOf,
  STAGE_OF_STATUS,
  withStage,
  type StageChange,
} from './remediationStages';
import {
  approvalStep,
  deployStep,
  failure,
  SYSTEM,
  validationStep,
  type Transition,
} from './pipelineTransitions';

export interface AdvanceDeps {
  store: RemediationStore;
  pipeline: RemediationPipeline;
  runner: AutomationRunner;
  verifier: FindingVerifier;
  options: ResolvedFollowUpOptions;
  now: Date;
}

/**
 * One step of a remediation, decided from what its record holds. Each step
 * makes at most one call with an effect (starting the automation) and
 * persists its outcome before the next step can run, so a restart repeats
 * no effect; the store's version check keeps two instances from both
 * applying a step. Answers the record as stored and whether its status moved.
 */
export async function advanceRemediation(
  record: RemediationRecord,
  deps: AdvanceDeps,
): Promise<{ record: RemediationRecord; progressed: boolean }> {
  if (isTerminalRemediationStatus(record.status)) {
    return { record, progressed: false };
  }
  const at = deps.now.toISOString();
  let transition: Transition | undefined;
  try {
    transition = await stepOf(record, deps, at);
  } catch (error) {
    const patch = failedAttempt(record, deps, at, (error as Error).message);
    const updated = await deps.store.update(
      record.id,
      record.version,
      patch.patch,
      patch.events,
    );
    return { record: updated, progressed: false };
  }

  const status = transition?.status ?? record.status;
  let stages = record.stages;
  const events: RemediationEvent[] = [];
  for (const change of transition?.changes ?? []) {
    stages = withStage(stages, change);
    events.push(eventOf(change, change.message, SYSTEM));
  }
  const ended = isTerminalRemediationStatus(status);
  const patch: RemediationPatch = {
    ...transition?.patch,
    status,
    stages,
    attempts: 0,
    error: transition?.patch?.error ?? null,
    nextCheckAt: ended
      ? null
      : new Date(
          deps.now.getTime() + intervalOf(deps.options, status),
        ).toISOString(),
    updatedAt: at,
  };
  const updated = await deps.store.update(
    record.id,
    record.version,
    patch,
    events,
  );
  return { record: updated, progressed: status !== record.status };
}

/** A call failed: try again later with backoff, or fail the stage after the last attempt. */
function failedAttempt(
  record: RemediationRecord,
  deps: AdvanceDeps,
  at: string,
  message: string,
): { patch: RemediationPatch; events: RemediationEvent[] } {
  const attempts = record.attempts + 1;
  const stage = STAGE_OF_STATUS[record.status];
  const error = { stage, message, attempts };
  if (attempts >= deps.options.maxAttempts) {
    const change: StageChange = {
      stage,
      status: 'failed',
      at,
      error: message,
      attempts,
    };
    return {
      patch: {
        status: 'failed',
        error,
        attempts,
        stages: withStage(record.stages, change),
        nextCheckAt: null,
        updatedAt: at,
      },
      events: [
        eventOf(
          change,
          `Gave up after ${attempts} attempts: ${message}`,
          SYSTEM,
        ),
      ],
    };
  }
  const delay = backoffOf(deps.options, attempts);
  const change: StageChange = {
    stage,
    status: 'in_progress',
    at,
    error: message,
    attempts,
  };
  return {
    patch: {
      error,
      attempts,
      stages: withStage(record.stages, change),
      nextCheckAt: new Date(deps.now.getTime() + delay).toISOString(),
      updatedAt: at,
    },
    events: [
      eventOf(
        change,
        `Attempt ${attempts} failed: ${message}; trying again in ${Math.round(
          delay / 1000,
        )} s`,
        SYSTEM,
      ),
    ],
  };
}

async function stepOf(
  record: RemediationRecord,
  deps: AdvanceDeps,
  at: string,
): Promise<Transition | undefined> {
  const { pipeline, runner, verifier } = deps;
  switch (record.status) {
    case 'staged': {
      const commitId = record.repository?.commitId;
      if (!commitId) throw new Error('The record holds no commit to follow');
      const execution = await pipeline.findExecution(commitId);
      if (!execution) return undefined;
      const url = pipeline.executionUrl(execution.id);
      return {
        status: 'validating',
        patch: {
          pipeline: {
            mode: pipeline.mode,
            name: pipeline.name,
            executionId: execution.id,
            ...(url ? { url } : {}),
          },
        },
        changes: [
          {
            stage: 'validate',
            status: 'in_progress',
            at,
            mode: execution.mode,
            summary: `Pipeline ${pipeline.name}, execution ${execution.id}`,
            message: `Pipeline ${
              pipeline.name
            } picked up commit ${commitId.slice(0, 12)} (execution ${
              execution.id
            })`,
          },
        ],
      };
    }
    case 'validating':
      return validationStep(record, await currentExecution(record, deps), at);
    case 'awaiting_approval':
      return approvalStep(record, await currentExecution(record, deps), at);
    case 'deploying':
      return deployStep(record, await currentExecution(record, deps), at);
    case 'deployed': {
      const documentName = record.changePreview?.documentName;
      if (!documentName) {
        throw new Error('The record holds no automation document to run');
      }
      const started = await runner.start({
        clientToken:
          record.retries > 0 ? `${record.id}-r${record.retries}` : record.id,
        documentName,
        parameters: automationParametersOf(record.parametersJson),
        accountId: record.awsAccountId,
        region: record.region,
        templateYaml: record.templateYaml,
      });
      const url = runner.executionUrl?.(started.executionId, {
        accountId: record.awsAccountId,
        region: record.region,
      });
      return {
        status: 'running',
        patch: {
          automation: {
            mode: runner.mode,
            documentName,
            executionId: started.executionId,
            ...(url ? { url } : {}),
          },
        },
        changes: [
          {
            stage: 'run',
            status: 'in_progress',
            at,
            mode: runner.mode,
            summary: `${documentName}, execution ${started.executionId}`,
            message: `Started ${documentName} (execution ${
              started.executionId
            })${
              runner.mode === 'local'
                ? ': recorded locally, nothing runs in AWS'
                : ''
            }`,
          },
        ],
      };
    }
    case 'running': {
      const automation = record.automation;
      if (!automation) throw new Error('The record holds no automation run');
      const run = await runner.get(automation.executionId, {
        accountId: record.awsAccountId,
        region: record.region,
      });
      const withStatus = {
        automation: { ...automation, status: run.status, steps: run.steps },
      };
      if (run.status === 'Success') {
        const summary = run.note ?? `${run.steps.length} steps succeeded`;
        return {
          status: 'verifying',
          patch: withStatus,
          changes: [
            {
              stage: 'run',
              status: 'succeeded',
              at,
              mode: run.mode,
              summary,
              message: `Automation succeeded: ${summary}`,
            },
            {
              stage: 'verify',
              status: 'in_progress',
              at,
              mode: verifier.mode,
              message: 'Re-reading the finding',
            },
          ],
        };
      }
      if (['Failed', 'Cancelled', 'TimedOut'].includes(run.status)) {
        return failure(
          'run',
          run.failureMessage ?? `The automation ended ${run.status}`,
          at,
          record.attempts,
          run.mode,
        );
      }
      return run.status === automation.status &&
        JSON.stringify(run.steps) === JSON.stringify(automation.steps)
        ? undefined
        : { patch: withStatus, changes: [] };
    }
    case 'verifying': {
      const result = await verifier.verify({
        remediationId: record.id,
        findingId: record.findingId,
        controlId: record.controlId,
        accountId: record.awsAccountId,
        region: record.region,
        resourceId: record.resourceId,
        automationExecutionId: record.automation?.executionId ?? '',
        since: record.stages.find(s => s.name === 'verify')?.startedAt,
      });
      const verification = {
        complianceStatus: result.complianceStatus,
        at: result.at,
        mode: result.mode,
        note: result.note,
      };
      if (!result.final) return { patch: { verification }, changes: [] };
      if (result.complianceStatus === 'PASSED') {
        return {
          status: 'verified',
          patch: { verification },
          changes: [
            {
              stage: 'verify',
              status: 'succeeded',
              at,
              mode: result.mode,
              summary: result.note,
              message: `The finding is PASSED: ${result.note}`,
            },
          ],
        };
      }
      return {
        ...failure(
          'verify',
          `The finding is still ${result.complianceStatus} after the automation ran: ${result.note}`,
          at,
          record.attempts,
          result.mode,
        ),
        patch: {
          verification,
          error: {
            stage: 'verify',
            message: `The finding is still ${result.complianceStatus} after the automation ran`,
            attempts: record.attempts,
          },
        },
      };
    }
    default:
      return undefined;
  }
}

async function currentExecution(
  record: RemediationRecord,
  deps: AdvanceDeps,
): Promise<PipelineExecution> {
  if (!record.pipeline)
    throw new Error('The record holds no pipeline execution');
  return deps.pipeline.getExecution(record.pipeline.executionId);
}
