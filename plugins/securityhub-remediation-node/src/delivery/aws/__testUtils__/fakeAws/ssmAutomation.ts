import { randomUUID } from 'node:crypto';
import { AwsError, requireString } from './awsError';
import type { Clock } from './clock';
import type { CallerIdentity, ServiceOperations } from './server';

export interface AutomationStep {
  name: string;
  action: string;
}

export interface DocumentRegistration {
  /** The account is the one this access key stands for; neither key nor account: every account. */
  accessKeyId?: string;
  accountId?: string;
  region: string;
  name: string;
  /** Defaults to one `aws:executeScript` step named `Remediate`. */
  steps?: AutomationStep[];
}

export type AutomationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed';

export interface StepRun {
  StepName: string;
  Action: string;
  StepStatus: 'Success' | 'Failed';
  ExecutionStartTime: Date;
  ExecutionEndTime: Date;
  Outputs?: Record<string, string[]>;
  FailureMessage?: string;
}

/** One automation execution and who started it where. */
export interface AutomationRun {
  automationExecutionId: string;
  documentName: string;
  parameters: Record<string, string[]>;
  accountId: string;
  accessKeyId: string;
  region: string;
  clientToken?: string;
  targetLocations?: unknown;
  status: AutomationStatus;
  startTime: Date;
  endTime?: Date;
  steps: StepRun[];
  failureMessage?: string;
}

export interface AutomationFailure {
  /** The step that fails; default the document's first step. */
  stepName?: string;
  message: string;
}

/** Names of documents AWS owns: every account and region has them. */
const AWS_OWNED_DOCUMENT =
  /^(AWS-|AWSConfigRemediation-|AWSSupport-|AWS-EC2|AWSEC2-)/;
const UUID =
  /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const DEFAULT_STEPS: AutomationStep[] = [
  { name: 'Remediate', action: 'aws:executeScript' },
];
const ANY_ACCOUNT = '*';

const epochSeconds = (date: Date) => date.getTime() / 1000;

/** SSM Automation (awsJson1_1, `AmazonSSM`): documents per account and region, and their runs. */
export class FakeSsmAutomation {
  private readonly documents = new Map<string, AutomationStep[]>();
  private readonly runs: AutomationRun[] = [];
  private readonly failures = new Map<string, AutomationFailure[]>();
  private readonly successListeners: Array<(run: AutomationRun) => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly accountOf: (accessKeyId: string) => string,
    private readonly automationMs: number,
  ) {}

  registerDocument(registration: DocumentRegistration): void {
    const account =
      registration.accountId ??
      (registration.accessKeyId
        ? this.accountOf(registration.accessKeyId)
        : ANY_ACCOUNT);
    this.documents.set(
      documentKey(account, registration.region, registration.name),
      registration.steps?.length ? registration.steps : DEFAULT_STEPS,
    );
  }

  /** The next run of this document fails at a step (e.g. a resource deleted meanwhile). */
  failAutomation(documentName: string, failure: AutomationFailure): void {
    const queued = this.failures.get(documentName) ?? [];
    queued.push(failure);
    this.failures.set(documentName, queued);
  }

  onAutomationSuccess(listener: (run: AutomationRun) => void): void {
    this.successListeners.push(listener);
  }

  automationRuns(): readonly AutomationRun[] {
    return this.runs;
  }

  readonly operations: ServiceOperations = {
    StartAutomationExecution: (input, caller) => this.start(input, caller),
    GetAutomationExecution: (input, caller) => {
      const id = requireString(input, 'AutomationExecutionId');
      // An execution id is only found in the account and region that ran it.
      const run = this.runs.find(
        r =>
          r.automationExecutionId === id &&
          r.accountId === caller.accountId &&
          r.region === caller.region,
      );
      if (!run) {
        throw new AwsError(
          'AutomationExecutionNotFoundException',
          `Automation execution ${id} not found`,
        );
      }
      return {
        AutomationExecution: {
          AutomationExecutionId: run.automationExecutionId,
          DocumentName: run.documentName,
          DocumentVersion: '1',
          AutomationExecutionStatus: run.status,
          ExecutionStartTime: epochSeconds(run.startTime),
          ...(run.endTime
            ? { ExecutionEndTime: epochSeconds(run.endTime) }
            : {}),
          StepExecutions: run.steps.map(step => ({
            ...step,
            ExecutionStartTime: epochSeconds(step.ExecutionStartTime),
            ExecutionEndTime: epochSeconds(step.ExecutionEndTime),
          })),
          Parameters: run.parameters,
          Outputs: {},
          Mode: 'Auto',
          ExecutedBy: caller.arn,
          ...(run.failureMessage ? { FailureMessage: run.failureMessage } : {}),
        },
      };
    },
  };

  private start(input: Record<string, unknown>, caller: CallerIdentity) {
    const documentName = requireString(input, 'DocumentName');
    const parameters = (input.Parameters ?? {}) as Record<string, string[]>;
    const clientToken = input.ClientToken;
    if (clientToken !== undefined) {
      if (typeof clientToken !== 'string' || !UUID.test(clientToken)) {
        throw new AwsError(
          'ValidationException',
          `1 validation error detected: Value '${clientToken}' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}`,
        );
      }
      const earlier = this.runs.find(
        r =>
          r.clientToken === clientToken &&
          r.accountId === caller.accountId &&
          r.region === caller.region,
      );
      if (earlier) {
        if (
          earlier.documentName !== documentName ||
          JSON.stringify(sorted(earlier.parameters)) !==
            JSON.stringify(sorted(parameters))
        ) {
          throw new AwsError(
            'IdempotentParameterMismatch',
            'Error message: The client token was used before with different parameters.',
          );
        }
        return { AutomationExecutionId: earlier.automationExecutionId };
      }
    }
    const steps = this.stepsOf(documentName, caller);
    const run: AutomationRun = {
      automationExecutionId: randomUUID(),
      documentName,
      parameters,
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      region: caller.region,
      ...(typeof clientToken === 'string' ? { clientToken } : {}),
      ...(input.TargetLocations
        ? { targetLocations: input.TargetLocations }
        : {}),
      status: 'Pending',
      startTime: this.clock.now(),
      steps: [],
    };
    this.runs.push(run);
    const failure = this.failures.get(documentName)?.shift();
    this.clock.after(0, () => {
      run.status = 'InProgress';
      this.clock.after(this.automationMs, () =>
        this.complete(run, steps, failure),
      );
    });
    return { AutomationExecutionId: run.automationExecutionId };
  }

  private complete(
    run: AutomationRun,
    steps: AutomationStep[],
    failure: AutomationFailure | undefined,
  ): void {
    const end = this.clock.now();
    const failingStep = failure ? failure.stepName ?? steps[0].name : undefined;
    for (const step of steps) {
      const failed = step.name === failingStep;
      run.steps.push({
        StepName: step.name,
        Action: step.action,
        StepStatus: failed ? 'Failed' : 'Success',
        ExecutionStartTime: run.startTime,
        ExecutionEndTime: end,
        Outputs: {},
        ...(failed ? { FailureMessage: failure!.message } : {}),
      });
      if (failed) break;
    }
    run.endTime = end;
    if (failure) {
      run.status = 'Failed';
      run.failureMessage = `Step fails when it is Executing. Fail to run step ${failingStep}: ${failure.message}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`;
      return;
    }
    run.status = 'Success';
    for (const listener of this.successListeners) listener(run);
  }

  private stepsOf(
    documentName: string,
    caller: CallerIdentity,
  ): AutomationStep[] {
    const steps =
      this.documents.get(
        documentKey(caller.accountId, caller.region, documentName),
      ) ??
      this.documents.get(documentKey(ANY_ACCOUNT, caller.region, documentName));
    if (steps) return steps;
    if (AWS_OWNED_DOCUMENT.test(documentName)) return DEFAULT_STEPS;
    throw new AwsError(
      'AutomationDefinitionNotFoundException',
      `Document ${documentName} does not exist in account ${caller.accountId}, region ${caller.region}`,
    );
  }
}

function documentKey(account: string, region: string, name: string): string {
  return `${account}|${region}|${name}`;
}

function sorted(
  parameters: Record<string, string[]>,
): Array<[string, string[]]> {
  return Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b));
}
