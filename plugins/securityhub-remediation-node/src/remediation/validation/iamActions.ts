import { awsRunbookIamActions } from '../knowledge';
import { API_CALLING_ACTIONS } from './automationActions';
import { inlinePythonScript, type LocatedStep } from './automationStepChecks';
import { findOperation, findService } from './awsApiIndex';
import { pythonScriptCalls } from './scriptCalls';

/**
 * API operations whose IAM action is not `<prefix>:<Operation>`. Keyed by
 * `<botocore service>:<Operation>`; `null` means the call needs no
 * permission at all. Sources: the Service Authorization Reference and the
 * S3 "Actions, resources and condition keys" page.
 */
export const IAM_ACTION_OVERRIDES: Record<string, string | null> = {
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:DeleteBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:DeletePublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:DeleteBucketLifecycle': 's3:PutLifecycleConfiguration',
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
  's3:PutBucketReplication': 's3:PutReplicationConfiguration',
  's3:DeleteBucketReplication': 's3:PutReplicationConfiguration',
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  's3:PutBucketNotificationConfiguration': 's3:PutBucketNotification',
  's3:GetBucketCors': 's3:GetBucketCORS',
  's3:PutBucketCors': 's3:PutBucketCORS',
  's3:DeleteBucketCors': 's3:PutBucketCORS',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:PutObjectLockConfiguration': 's3:PutBucketObjectLockConfiguration',
  's3:DeleteBucketOwnershipControls': 's3:PutBucketOwnershipControls',
  's3:DeleteBucketTagging': 's3:PutBucketTagging',
  's3:DeleteBucketWebsite': 's3:DeleteBucketWebsite',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  's3:HeadObject': 's3:GetObject',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3control:PutPublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  's3control:DeletePublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  'sts:GetCallerIdentity': null,
};

/**
 * Actions that support no resource-level permissions, so `Resource: "*"` is
 * the only possible scope (Service Authorization Reference, "Resource types"
 * column empty). Every other action must name its resource ARNs.
 */
export const ACTIONS_WITHOUT_RESOURCE_SCOPE = new Set([
  's3:ListAllMyBuckets',
  's3:GetAccountPublicAccessBlock',
  's3:PutAccountPublicAccessBlock',
  'iam:GetAccountPasswordPolicy',
  'iam:UpdateAccountPasswordPolicy',
  'iam:DeleteAccountPasswordPolicy',
  'iam:GetAccountSummary',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:ListRoles',
  'iam:ListUsers',
  'iam:ListPolicies',
  'iam:ListAccountAliases',
  'ec2:EnableEbsEncryptionByDefault',
  'ec2:DisableEbsEncryptionByDefault',
  'ec2:GetEbsEncryptionByDefault',
  'ec2:GetEbsDefaultKmsKeyId',
  'ec2:ModifyEbsDefaultKmsKeyId',
  'ec2:EnableImageBlockPublicAccess',
  'ec2:DisableImageBlockPublicAccess',
  'ec2:GetImageBlockPublicAccessState',
  'ec2:EnableSnapshotBlockPublicAccess',
  'ec2:GetSnapshotBlockPublicAccessState',
  'ec2:ModifyInstanceMetadataDefaults',
  'ec2:GetInstanceMetadataDefaults',
  'ec2:EnableSerialConsoleAccess',
  'ec2:DisableSerialConsoleAccess',
  'ec2:GetSerialConsoleAccessStatus',
  'kms:ListKeys',
  'kms:ListAliases',
  'kms:CreateKey',
  'lambda:ListFunctions',
  'lambda:GetAccountSettings',
  'cloudtrail:DescribeTrails',
  'cloudtrail:ListTrails',
  'cloudtrail:LookupEvents',
  'config:DescribeConfigurationRecorders',
  'config:DescribeConfigurationRecorderStatus',
  'config:DescribeDeliveryChannels',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:StartConfigurationRecorder',
  'guardduty:ListDetectors',
  'guardduty:CreateDetector',
  'access-analyzer:ListAnalyzers',
  'sns:ListTopics',
  'dynamodb:ListTables',
  'ssm:DescribeInstanceInformation',
  'ssm:DescribeAutomationExecutions',
  'ssm:ListCommands',
  'ssm:ListCommandInvocations',
  'ssm:ListDocuments',
  'ecr:GetAuthorizationToken',
  'ecr:DescribeRegistry',
  'ecr:PutRegistryScanningConfiguration',
  'states:ListStateMachines',
  // Account-level services and Describe/List calls that name no resource
  // type in the Service Authorization Reference.
  'inspector2:Enable',
  'inspector2:BatchGetAccountStatus',
  'macie2:EnableMacie',
  'macie2:GetMacieSession',
  'macie2:GetAutomatedDiscoveryConfiguration',
  'macie2:UpdateAutomatedDiscoveryConfiguration',
  'macie2:UpdateMacieSession',
  'elasticmapreduce:GetBlockPublicAccessConfiguration',
  'elasticmapreduce:PutBlockPublicAccessConfiguration',
  'dms:DescribeReplicationInstances',
  'config:GetResourceConfigHistory',
  'config:ListDiscoveredResources',
]);

/** Services whose `Describe*` actions all take only `Resource: "*"`. */
const DESCRIBE_ONLY_WILDCARD_PREFIXES = [
  'ec2',
  'elasticloadbalancing',
  'autoscaling',
];

/** Whether `Resource: "*"` is the only scope this action supports. */
export function actionSupportsOnlyWildcardResource(action: string): boolean {
  if (ACTIONS_WITHOUT_RESOURCE_SCOPE.has(action)) return true;
  const [prefix, name = ''] = action.split(':');
  return (
    DESCRIBE_ONLY_WILDCARD_PREFIXES.includes(prefix) &&
    name.startsWith('Describe')
  );
}

/**
 * The IAM action an API call needs: the override when there is one, else
 * `<iam prefix>:<Operation>` with the index's prefix (elbv2 →
 * elasticloadbalancing). `null` when it needs none, undefined when the
 * service or operation is unknown.
 */
export function iamActionForApi(
  serviceName: string,
  apiName: string,
): string | null | undefined {
  const found = findService(serviceName);
  if (!found) return undefined;
  const operation = findOperation(found.service, apiName);
  if (!operation) return undefined;
  const key = `${found.serviceName}:${operation}`;
  if (key in IAM_ACTION_OVERRIDES) return IAM_ACTION_OVERRIDES[key];
  if (found.service.prefix === 'apigateway') return apiGatewayVerb(operation);
  return `${found.service.prefix}:${operation}`;
}

/**
 * API Gateway (REST and HTTP/WebSocket APIs) authorizes by HTTP verb on the
 * resource path, not by operation name: GetStage is `apigateway:GET`,
 * UpdateStage `apigateway:PATCH`.
 */
function apiGatewayVerb(operation: string): string {
  const verbs: Array<[RegExp, string]> = [
    [/^(Get|Test)/, 'GET'],
    [/^Update/, 'PATCH'],
    [/^(Create|Generate|Import|Flush|Tag)/, 'POST'],
    [/^(Put|Reimport)/, 'PUT'],
    [/^(Delete|Untag)/, 'DELETE'],
  ];
  const verb =
    verbs.find(([pattern]) => pattern.test(operation))?.[1] ?? 'POST';
  return `apigateway:${verb}`;
}

/**
 * Actions an API call may also need, from the "Dependent actions" column of
 * the Service Authorization Reference (e.g. enabling a service creates its
 * service-linked role). Allowed, not required.
 */
const DEPENDENT_ACTIONS: Record<string, string[]> = {
  'inspector2:Enable': ['iam:CreateServiceLinkedRole'],
  'macie2:EnableMacie': ['iam:CreateServiceLinkedRole'],
  'guardduty:CreateDetector': ['iam:CreateServiceLinkedRole'],
  // Turning on a protection plan (e.g. Malware Protection for EC2) creates
  // that feature's service-linked role.
  'guardduty:UpdateDetector': ['iam:CreateServiceLinkedRole'],
  'securityhub:EnableSecurityHub': ['iam:CreateServiceLinkedRole'],
  'access-analyzer:CreateAnalyzer': ['iam:CreateServiceLinkedRole'],
};

/** IAM actions of the Automation actions that call AWS on the role's behalf. */
const ACTION_PERMISSIONS: Record<
  string,
  { needed: string[]; optional?: string[] }
> = {
  'aws:executeAutomation': {
    needed: ['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution'],
  },
  'aws:runCommand': {
    needed: [
      'ssm:SendCommand',
      'ssm:ListCommands',
      'ssm:ListCommandInvocations',
    ],
    optional: ['ssm:GetCommandInvocation'],
  },
  'aws:invokeLambdaFunction': { needed: ['lambda:InvokeFunction'] },
  'aws:executeStateMachine': {
    needed: ['states:StartExecution', 'states:DescribeExecution'],
  },
  'aws:createStack': {
    needed: ['cloudformation:CreateStack', 'cloudformation:DescribeStacks'],
  },
  'aws:deleteStack': {
    needed: ['cloudformation:DeleteStack', 'cloudformation:DescribeStacks'],
  },
  'aws:createTags': {
    needed: ['ec2:CreateTags'],
    optional: ['ssm:AddTagsToResource'],
  },
  'aws:changeInstanceState': {
    needed: ['ec2:DescribeInstanceStatus'],
    optional: [
      'ec2:StartInstances',
      'ec2:StopInstances',
      'ec2:TerminateInstances',
    ],
  },
  'aws:runInstances': {
    needed: ['ec2:RunInstances', 'ec2:DescribeInstances'],
    optional: ['iam:PassRole', 'ec2:CreateTags'],
  },
  'aws:createImage': { needed: ['ec2:CreateImage', 'ec2:DescribeImages'] },
  'aws:copyImage': { needed: ['ec2:CopyImage', 'ec2:DescribeImages'] },
  'aws:deleteImage': {
    needed: ['ec2:DeregisterImage', 'ec2:DescribeImages'],
    optional: ['ec2:DeleteSnapshot'],
  },
  'aws:approve': { needed: [], optional: ['sns:Publish'] },
  'aws:invokeWebhook': { needed: [], optional: ['ssm:GetParameter'] },
};

/**
 * A child automation started with this document's own role
 * (`RuntimeParameters.AutomationAssumeRole: {{ AutomationAssumeRole }}`)
 * runs under it: the role needs `iam:PassRole` and whatever the child does.
 * For the AWS-owned runbooks of the catalog that is known; for any other
 * document it is declared, not proven (like a script).
 */
function childAutomationNeeds(
  inputs: Record<string, unknown>,
  stepName: string,
  need: (action: string, stepName: string) => void,
  required: RequiredActions,
): void {
  const runtime = inputs.RuntimeParameters as
    | Record<string, unknown>
    | undefined;
  const passed = runtime?.AutomationAssumeRole;
  const passesOwnRole = [passed]
    .flat()
    .some(
      v =>
        typeof v === 'string' && /^\{\{\s*AutomationAssumeRole\s*\}\}$/.test(v),
    );
  if (!passesOwnRole) return;
  need('iam:PassRole', stepName);
  const documentName = inputs.DocumentName;
  const childActions =
    typeof documentName === 'string'
      ? awsRunbookIamActions(documentName)
      : undefined;
  if (!childActions) {
    required.scriptSteps.push(stepName);
    return;
  }
  for (const action of childActions) need(action, stepName);
}

/** `aws:changeInstanceState` DesiredState → the action that reaches it. */
const INSTANCE_STATE_ACTIONS: Record<string, string> = {
  running: 'ec2:StartInstances',
  stopped: 'ec2:StopInstances',
  terminated: 'ec2:TerminateInstances',
};

export interface RequiredActions {
  /** IAM action → names of the steps that need it. */
  needed: Map<string, string[]>;
  /** Actions a step may use; granting them is not over-broad. */
  optional: Set<string>;
  /** aws:executeScript steps whose boto3 calls could not all be read. */
  scriptSteps: string[];
  /** API-calling steps whose Service/Api is dynamic or unknown. */
  underivableSteps: string[];
}

/**
 * The IAM actions of an inline Python script, when every boto3 call it
 * makes could be read and resolved; undefined when they cannot all be
 * (PowerShell, an attachment, a dynamic client).
 */
function scriptActions(inputs: Record<string, unknown>): string[] | undefined {
  const source = inlinePythonScript(inputs);
  if (!source) return undefined;
  const { calls, complete } = pythonScriptCalls(source);
  if (!complete) return undefined;
  const actions: string[] = [];
  for (const call of calls) {
    if (!call.resolved) return undefined;
    const action = iamActionForApi(
      call.resolved.serviceName,
      call.resolved.operation,
    );
    if (action === undefined) return undefined;
    if (action) actions.push(action);
  }
  return actions;
}

/** The IAM actions the role of an Automation document needs, step by step. */
export function deriveRequiredActions(
  steps: LocatedStep[],
  isDynamic: (value: unknown) => boolean,
): RequiredActions {
  const required: RequiredActions = {
    needed: new Map(),
    optional: new Set(),
    scriptSteps: [],
    underivableSteps: [],
  };
  const need = (action: string, stepName: string) =>
    required.needed.set(action, [
      ...(required.needed.get(action) ?? []),
      stepName,
    ]);
  for (const { step, name, action } of steps) {
    const inputs = (step.inputs ?? {}) as Record<string, unknown>;
    if (API_CALLING_ACTIONS.has(action)) {
      const { Service: service, Api: api } = inputs;
      const iamAction =
        typeof service === 'string' &&
        typeof api === 'string' &&
        !isDynamic(service) &&
        !isDynamic(api)
          ? iamActionForApi(service, api)
          : undefined;
      if (iamAction) {
        need(iamAction, name);
        DEPENDENT_ACTIONS[iamAction]?.forEach(a => required.optional.add(a));
      } else if (iamAction === undefined) required.underivableSteps.push(name);
      continue;
    }
    if (action === 'aws:executeScript') {
      const script = scriptActions(inputs);
      if (!script) required.scriptSteps.push(name);
      for (const iamAction of script ?? []) {
        need(iamAction, name);
        DEPENDENT_ACTIONS[iamAction]?.forEach(a => required.optional.add(a));
      }
      continue;
    }
    if (action === 'aws:executeAutomation') {
      childAutomationNeeds(inputs, name, need, required);
    }
    const permissions = ACTION_PERMISSIONS[action];
    if (!permissions) continue;
    permissions.needed.forEach(iamAction => need(iamAction, name));
    permissions.optional?.forEach(iamAction =>
      required.optional.add(iamAction),
    );
    const desiredState = inputs.DesiredState;
    if (
      action === 'aws:changeInstanceState' &&
      typeof desiredState === 'string' &&
      INSTANCE_STATE_ACTIONS[desiredState]
    ) {
      need(INSTANCE_STATE_ACTIONS[desiredState], name);
    }
  }
  return required;
}
