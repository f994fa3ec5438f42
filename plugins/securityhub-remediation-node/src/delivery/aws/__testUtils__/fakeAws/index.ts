import type { Server } from 'node:http';
import { TimerClock } from './clock';
import { FakeCodeCommit } from './codeCommit';
import {
  FakeCodePipeline,
  type DeployHook,
  type DeployOutcome,
  type ValidateHook,
} from './codePipeline';
import {
  FakeSecurityHub,
  type AsffFinding,
  type AutomationSuccessHook,
} from './securityHub';
import {
  startFakeAwsServer,
  type CallerIdentity,
  type FakeAwsStats,
  type FaultOptions,
  type LoggedRequest,
} from './server';
import { FakeSsmAutomation } from './ssmAutomation';
import { documentsDeployedBy } from './templateDocuments';

export { waitUntil } from './clock';
export { AwsError } from './awsError';
export type { FakeCodeCommit, FakeCommit, FileContents } from './codeCommit';
export {
  APPROVAL_EXPIRED_MESSAGE,
  type FakeCodePipeline,
  type PipelineDefinition,
  type DeployHook,
  type DeployOutcome,
  type ValidateHook,
} from './codePipeline';
export type { PipelineRun, ActionRun } from './queuedPipeline';
export type {
  FakeSsmAutomation,
  AutomationRun,
  AutomationFailure,
  DocumentRegistration,
} from './ssmAutomation';
export type {
  FakeSecurityHub,
  AsffFinding,
  BatchUpdateRecord,
  AutomationSuccessHook,
} from './securityHub';
export type {
  CallerIdentity,
  FakeAwsStats,
  FaultOptions,
  InjectedFault,
  LoggedRequest,
  ThrottleRule,
} from './server';

/** An account a test signs in as: requests signed with the access key act in it. */
export interface FakeAccount {
  accountId: string;
  /** The principal; default `arn:aws:sts::<account>:assumed-role/fake/<access key>`. */
  principalArn?: string;
}

export interface FakeAwsOptions {
  /** Access key → account. An unmapped access key is its own account. */
  accounts?: Record<string, FakeAccount>;
  /** ASFF findings Security Hub serves. */
  findings?: readonly AsffFinding[];
  /** How long an automation runs once InProgress (default 50 ms). */
  automationMs?: number;
  /** Delay before a fixed finding shows PASSED (default 50 ms). */
  reevaluateMs?: number;
  /** Validate hook of pipelines that set none (default: pass). */
  validate?: ValidateHook;
  /**
   * Deploy hook of pipelines that set none. Default: register the SSM
   * documents the deployed templates declare, in their manifest's accounts
   * (when `accounts` maps any access key; otherwise in every account) and regions.
   */
  deploy?: DeployHook;
  onAutomationSuccess?: AutomationSuccessHook;
  faults?: FaultOptions;
}

/** A running fake of CodeCommit, CodePipeline, SSM Automation and Security Hub. */
export interface FakeAws {
  /** Pass as the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** Every request received, in order (throttled and faulted ones too). */
  readonly requests: LoggedRequest[];
  readonly stats: FakeAwsStats;
  /** Live: change `throttle` or `inject` between calls. */
  readonly faults: FaultOptions;
  readonly codeCommit: FakeCodeCommit;
  readonly codePipeline: FakeCodePipeline;
  readonly ssm: FakeSsmAutomation;
  readonly securityHub: FakeSecurityHub;
  /** Requests of one operation, e.g. `requestsOf('ssm', 'StartAutomationExecution')`. */
  requestsOf(
    service: LoggedRequest['service'],
    operation: string,
  ): LoggedRequest[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeAws(
  options: FakeAwsOptions = {},
): Promise<FakeAws> {
  const clock = new TimerClock();
  const accounts = options.accounts ?? {};
  const accountOf = (accessKeyId: string) =>
    accounts[accessKeyId]?.accountId ?? accessKeyId;
  const identify = (accessKeyId: string, region: string): CallerIdentity => {
    const accountId = accountOf(accessKeyId);
    return {
      accessKeyId,
      accountId,
      region,
      arn:
        accounts[accessKeyId]?.principalArn ??
        `arn:aws:sts::${accountId}:assumed-role/fake/${accessKeyId}`,
    };
  };

  const codeCommit = new FakeCodeCommit(clock);
  const ssm = new FakeSsmAutomation(
    clock,
    accountOf,
    options.automationMs ?? 50,
  );
  const securityHub = new FakeSecurityHub(
    clock,
    options.reevaluateMs ?? 50,
    options.onAutomationSuccess,
  );
  securityHub.seedFindings(options.findings ?? []);
  ssm.onAutomationSuccess(run => securityHub.automationSucceeded(run));

  const accountsMapped = Object.keys(accounts).length > 0;
  const registerDeployedDocuments: DeployHook = async files => {
    const documents = documentsDeployedBy(files);
    for (const document of documents) {
      ssm.registerDocument(
        accountsMapped ? document : { ...document, accountId: undefined },
      );
    }
    const outcome: DeployOutcome = {
      summary: `Deployed ${documents.length} SSM document registration(s)`,
    };
    return outcome;
  };
  const codePipeline = new FakeCodePipeline(clock, codeCommit, {
    validate: options.validate,
    deploy: options.deploy ?? registerDeployedDocuments,
  });

  const requests: LoggedRequest[] = [];
  const stats: FakeAwsStats = {
    requests: 0,
    throttled: 0,
    injected: 0,
    errors: 0,
    byOperation: {},
  };
  const faults: FaultOptions = options.faults ?? {};
  const { server, endpoint } = await startFakeAwsServer({
    operations: {
      codecommit: codeCommit.operations,
      codepipeline: codePipeline.operations,
      ssm: ssm.operations,
      securityhub: securityHub.operations,
    },
    identify,
    faults,
    requests,
    stats,
  });

  return {
    endpoint,
    requests,
    stats,
    faults,
    codeCommit,
    codePipeline,
    ssm,
    securityHub,
    requestsOf: (service, operation) =>
      requests.filter(r => r.service === service && r.operation === operation),
    close: () => closeServer(server, clock),
  };
}

function closeServer(server: Server, clock: TimerClock): Promise<void> {
  clock.cancelAll();
  return new Promise((resolve, reject) => {
    server.close(error => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
