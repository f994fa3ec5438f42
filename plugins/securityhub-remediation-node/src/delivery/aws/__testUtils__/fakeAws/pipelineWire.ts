import { AwsError } from './awsError';
import type { FakeCommit } from './codeCommit';
import type { PipelineDefinition } from './codePipeline';
import type { ActionRun, PipelineRun, PipelineStage } from './queuedPipeline';

/** awsJson1_1 sends timestamps as epoch seconds. */
export const epochSeconds = (date: Date) => date.getTime() / 1000;

/** The console URL of a CodeCommit commit, as CodePipeline reports it. */
function revisionUrl(
  definition: PipelineDefinition,
  commit: FakeCommit,
): string {
  const region = definition.region ?? 'us-east-1';
  return `https://${region}.console.aws.amazon.com/codesuite/codecommit/repositories/${definition.repositoryName}/commit/${commit.commitId}?region=${region}`;
}

/** A `PipelineExecutionSummary` of `ListPipelineExecutions`. */
export function executionSummary(
  run: PipelineRun,
  definition: PipelineDefinition,
  sourceActionName: string,
) {
  return {
    pipelineExecutionId: run.pipelineExecutionId,
    status: run.status,
    ...(run.statusSummary ? { statusSummary: run.statusSummary } : {}),
    startTime: epochSeconds(run.startTime),
    lastUpdateTime: epochSeconds(run.lastUpdateTime),
    sourceRevisions: [
      {
        actionName: sourceActionName,
        revisionId: run.commit.commitId,
        revisionSummary: run.commit.message,
        revisionUrl: revisionUrl(definition, run.commit),
      },
    ],
    trigger: { triggerType: 'CloudWatchEvent' },
    executionMode: 'QUEUED',
    executionType: 'STANDARD',
  };
}

/** The `pipelineExecution` of `GetPipelineExecution`. */
export function executionDetail(
  run: PipelineRun,
  definition: PipelineDefinition,
) {
  return {
    pipelineName: definition.name,
    pipelineVersion: 1,
    pipelineExecutionId: run.pipelineExecutionId,
    status: run.status,
    ...(run.statusSummary ? { statusSummary: run.statusSummary } : {}),
    artifactRevisions: [
      {
        name: 'SourceArtifact',
        revisionId: run.commit.commitId,
        revisionSummary: run.commit.message,
        revisionUrl: revisionUrl(definition, run.commit),
        created: epochSeconds(run.commit.date),
      },
    ],
    trigger: { triggerType: 'CloudWatchEvent' },
    executionMode: 'QUEUED',
    executionType: 'STANDARD',
  };
}

function actionState(action: ActionRun) {
  return {
    actionExecutionId: action.actionExecutionId,
    status: action.status,
    lastStatusChange: epochSeconds(action.lastStatusChange),
    ...(action.summary !== undefined ? { summary: action.summary } : {}),
    ...(action.token ? { token: action.token } : {}),
    ...(action.lastUpdatedBy ? { lastUpdatedBy: action.lastUpdatedBy } : {}),
    ...(action.externalExecutionId
      ? { externalExecutionId: action.externalExecutionId }
      : {}),
    ...(action.errorDetails ? { errorDetails: action.errorDetails } : {}),
  };
}

/**
 * `GetPipelineState`: like AWS, each stage shows only its latest execution,
 * plus the executions waiting to enter it.
 */
export function pipelineState(
  pipelineName: string,
  created: Date,
  stages: readonly PipelineStage[],
) {
  return {
    pipelineName,
    pipelineVersion: 1,
    created: epochSeconds(created),
    updated: epochSeconds(created),
    stageStates: stages.map((stage, index) => {
      const action = stage.latest?.actions[index];
      const inbound = stage.inbound.map(run => ({
        pipelineExecutionId: run.pipelineExecutionId,
        status: 'InProgress',
        type: 'STANDARD',
      }));
      return {
        stageName: stage.stageName,
        inboundTransitionState: { enabled: true },
        ...(inbound.length
          ? { inboundExecution: inbound[0], inboundExecutions: inbound }
          : {}),
        actionStates: [
          {
            actionName: stage.actionName,
            ...(action ? { latestExecution: actionState(action) } : {}),
          },
        ],
        ...(stage.latest && action
          ? {
              latestExecution: {
                pipelineExecutionId: stage.latest.pipelineExecutionId,
                // An abandoned action leaves its stage Cancelled.
                status:
                  action.status === 'Abandoned' ? 'Cancelled' : action.status,
              },
            }
          : {}),
      };
    }),
  };
}

/** The token names the last execution served, so executions started between pages neither repeat nor shift a page. */
export function encodeToken(after: string, pipelineName: string): string {
  return Buffer.from(JSON.stringify({ after, pipelineName })).toString(
    'base64url',
  );
}

export function decodeToken(token: string, pipelineName: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (
      decoded.pipelineName === pipelineName &&
      typeof decoded.after === 'string'
    ) {
      return decoded.after;
    }
  } catch {
    // a token that does not parse is as invalid as a foreign one
  }
  throw invalidToken();
}

export function invalidToken(): AwsError {
  return new AwsError(
    'InvalidNextTokenException',
    'The next token was specified in an invalid format',
  );
}
