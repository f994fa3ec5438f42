import { createHash } from 'crypto';
import {
  GetAutomationExecutionCommand,
  StartAutomationExecutionCommand,
  type SSMClient,
  type StepExecution,
} from '@aws-sdk/client-ssm';
import { NotFoundError } from '@backstage/errors';
import type {
  AutomationRun,
  AutomationRunner,
  AutomationRunRequest,
  AutomationStatus,
} from '../ports';
import { templateDocument } from '../templateDocument';
import { awsCallError, awsErrorCode } from './awsErrors';
import { automationExecutionUrl } from './consoleUrls';

/** Where a call goes: the finding's account (through its role) and region. */
export interface AccountRegion {
  accountId: string;
  region: string;
}

export interface SsmAutomationRunnerOptions {
  /** The SSM client of an account and region (credentials from the AWS integration). */
  client(where: AccountRegion): Promise<SSMClient>;
}

/**
 * `StartAutomationExecution` wants a UUID as `ClientToken`; the portal's
 * token (the remediation id, `-r<n>` on a retry) is mapped to one
 * deterministically, so a repeated start returns the first execution.
 */
export function clientTokenUuid(token: string): string {
  const hex = createHash('sha256').update(token).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** {@link AutomationRunner} on SSM Automation, in the finding's account and region. */
export class SsmAutomationRunner implements AutomationRunner {
  readonly mode = 'aws' as const;

  constructor(private readonly options: SsmAutomationRunnerOptions) {}

  async start(request: AutomationRunRequest): Promise<{ executionId: string }> {
    const where = `${request.documentName} in ${request.accountId}/${request.region}`;
    const client = await this.options.client(request);
    try {
      const started = await client.send(
        new StartAutomationExecutionCommand({
          DocumentName: request.documentName,
          Parameters: declaredParameters(request),
          ClientToken: clientTokenUuid(request.clientToken),
        }),
      );
      if (!started.AutomationExecutionId) {
        throw new Error('StartAutomationExecution answered no execution id');
      }
      return { executionId: started.AutomationExecutionId };
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'AutomationDefinitionNotFoundException') {
        throw new Error(
          `The automation document ${where} does not exist: the Deploy stage did not create it in this account and region`,
          { cause: error },
        );
      }
      if (code === 'IdempotentParameterMismatch') {
        throw new Error(
          `An automation of ${where} was already started for this remediation with other parameters; retry the remediation to start a new run`,
          { cause: error },
        );
      }
      throw awsCallError(error, 'ssm:StartAutomationExecution', where);
    }
  }

  async get(executionId: string, where: AccountRegion): Promise<AutomationRun> {
    const client = await this.options.client(where);
    let execution;
    try {
      ({ AutomationExecution: execution } = await client.send(
        new GetAutomationExecutionCommand({
          AutomationExecutionId: executionId,
        }),
      ));
    } catch (error) {
      if (awsErrorCode(error) === 'AutomationExecutionNotFoundException') {
        throw new NotFoundError(
          `No automation execution ${executionId} in ${where.accountId}/${where.region}`,
        );
      }
      throw awsCallError(
        error,
        'ssm:GetAutomationExecution',
        `execution ${executionId} in ${where.accountId}/${where.region}`,
      );
    }
    const steps = execution?.StepExecutions ?? [];
    const status = automationStatus(execution?.AutomationExecutionStatus);
    const failed = steps.find(
      s => s.StepStatus === 'Failed' || s.StepStatus === 'TimedOut',
    );
    const failureMessage = failed
      ? `Step ${failed.StepName} (${
          failed.Action
        }) ${failed.StepStatus?.toLowerCase()}: ${
          failed.FailureMessage ?? execution?.FailureMessage ?? 'no message'
        }`
      : execution?.FailureMessage;
    return {
      executionId,
      status,
      mode: 'aws',
      steps: steps.map(step => ({
        name: step.StepName ?? '',
        action: step.Action ?? '',
        status: step.StepStatus ?? 'Pending',
        ...outputsOf(step),
      })),
      ...(failureMessage ? { failureMessage } : {}),
      note: `${steps.length} step${steps.length === 1 ? '' : 's'}, ${
        steps.filter(s => s.StepStatus === 'Success').length
      } succeeded`,
    };
  }

  executionUrl(executionId: string, where: AccountRegion): string {
    return automationExecutionUrl(where.region, executionId);
  }
}

/**
 * The parameters the document declares. A remediation template's stack
 * parameters (e.g. the resource ARN its role is scoped to) are not all
 * document parameters, and SSM refuses an undeclared one; the document's
 * own defaults already carry the stack's values.
 */
function declaredParameters(
  request: AutomationRunRequest,
): Record<string, string[]> {
  const declared = request.templateYaml
    ? templateDocument(request.templateYaml, request.documentName)?.parameters
    : undefined;
  if (!declared) return request.parameters;
  return Object.fromEntries(
    Object.entries(request.parameters).filter(([key]) =>
      declared.includes(key),
    ),
  );
}

function outputsOf(step: StepExecution) {
  const entries = Object.entries(step.Outputs ?? {}).map(
    ([key, values]) => [key, values.join(', ')] as const,
  );
  return entries.length ? { outputs: Object.fromEntries(entries) } : {};
}

function automationStatus(status: string | undefined): AutomationStatus {
  switch (status) {
    case 'Pending':
    case 'PendingApproval':
    case 'Scheduled':
      return 'Pending';
    case 'Success':
    case 'CompletedWithSuccess':
      return 'Success';
    case 'TimedOut':
      return 'TimedOut';
    case 'Cancelled':
    case 'Cancelling':
      return 'Cancelled';
    case 'Failed':
    case 'CompletedWithFailure':
    case 'Rejected':
    case 'Exited':
      return 'Failed';
    default:
      return 'InProgress';
  }
}
