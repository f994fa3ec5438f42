/**
 * The SSM Automation actions (schemaVersion 0.3) and what the validator
 * knows of each: required inputs, and the outputs a later step can read as
 * `{{ StepName.Output }}` without declaring them. From the "Automation
 * actions reference" of the Systems Manager user guide.
 */
export interface AutomationActionSpec {
  /** Inputs that must be present. */
  required: string[];
  /** At least one of these must be present (e.g. aws:sleep Duration|Timestamp). */
  requiredOneOf?: string[];
  /** Outputs the action always produces. */
  builtInOutputs: string[];
  /** Whether the step may declare `outputs` with selectors. */
  declaresOutputs: boolean;
}

const API_INPUTS = ['Service', 'Api'];

export const AUTOMATION_ACTIONS: Record<string, AutomationActionSpec> = {
  // Change Manager templates approve through EnhancedApprovals instead:
  // https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-approve.html
  'aws:approve': {
    required: [],
    requiredOneOf: ['Approvers', 'EnhancedApprovals'],
    builtInOutputs: ['ApprovalStatus', 'ApproverDecisions'],
    declaresOutputs: false,
  },
  'aws:assertAwsResourceProperty': {
    required: [...API_INPUTS, 'PropertySelector', 'DesiredValues'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:branch': {
    required: ['Choices'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:changeInstanceState': {
    required: ['InstanceIds', 'DesiredState'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:copyImage': {
    required: ['SourceImageId', 'SourceRegion', 'ImageName'],
    builtInOutputs: ['ImageId', 'ImageState'],
    declaresOutputs: false,
  },
  'aws:createImage': {
    required: ['InstanceId', 'ImageName'],
    builtInOutputs: ['ImageId', 'ImageState'],
    declaresOutputs: false,
  },
  'aws:createStack': {
    required: ['StackName'],
    requiredOneOf: ['TemplateBody', 'TemplateURL'],
    builtInOutputs: ['StackId', 'StackStatus', 'StackStatusReason'],
    declaresOutputs: false,
  },
  'aws:createTags': {
    required: ['ResourceIds', 'Tags'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:deleteImage': {
    required: ['ImageId'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:deleteStack': {
    required: ['StackName'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:executeAutomation': {
    required: ['DocumentName'],
    builtInOutputs: ['ExecutionId', 'Status', 'Output'],
    declaresOutputs: false,
  },
  'aws:executeAwsApi': {
    required: API_INPUTS,
    builtInOutputs: [],
    declaresOutputs: true,
  },
  // Handler names a Python function; a PowerShell script has none (checked
  // by runtime): https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html
  'aws:executeScript': {
    required: ['Runtime'],
    builtInOutputs: ['OutputPayload'],
    declaresOutputs: true,
  },
  'aws:executeStateMachine': {
    required: ['stateMachineArn'],
    builtInOutputs: ['executionArn', 'input', 'name', 'output', 'status'],
    declaresOutputs: true,
  },
  'aws:invokeLambdaFunction': {
    required: ['FunctionName'],
    builtInOutputs: ['StatusCode', 'FunctionError', 'LogResult', 'Payload'],
    declaresOutputs: true,
  },
  'aws:invokeWebhook': {
    required: ['IntegrationName'],
    builtInOutputs: ['Response', 'ResponseCode'],
    declaresOutputs: false,
  },
  'aws:loop': {
    required: ['Steps'],
    requiredOneOf: ['Iterators', 'LoopCondition'],
    builtInOutputs: ['CurrentIteration', 'CurrentIteratorValue'],
    declaresOutputs: false,
  },
  'aws:pause': { required: [], builtInOutputs: [], declaresOutputs: false },
  'aws:runCommand': {
    required: ['DocumentName'],
    builtInOutputs: ['CommandId', 'Status', 'ResponseCode', 'Output'],
    declaresOutputs: false,
  },
  'aws:runInstances': {
    required: ['ImageId'],
    builtInOutputs: ['InstanceIds'],
    declaresOutputs: false,
  },
  'aws:sleep': {
    required: [],
    requiredOneOf: ['Duration', 'Timestamp'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:updateVariable': {
    required: ['Name', 'Value'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
  'aws:waitForAwsResourceProperty': {
    required: [...API_INPUTS, 'PropertySelector', 'DesiredValues'],
    builtInOutputs: [],
    declaresOutputs: false,
  },
};

/** Actions whose Service/Api inputs name an AWS API call. */
export const API_CALLING_ACTIONS = new Set([
  'aws:executeAwsApi',
  'aws:assertAwsResourceProperty',
  'aws:waitForAwsResourceProperty',
]);

/** Inputs of API-calling actions that are not parameters of the API itself. */
export const NON_API_INPUTS = new Set([
  'Service',
  'Api',
  'PropertySelector',
  'DesiredValues',
]);

/** Keys a step may have (schemaVersion 0.3). */
export const STEP_KEYS = new Set([
  'name',
  'action',
  'inputs',
  'outputs',
  'onFailure',
  'onCancel',
  'nextStep',
  'isEnd',
  'isCritical',
  'maxAttempts',
  'timeoutSeconds',
  'description',
]);

/**
 * Automation's data types, for parameters and step outputs:
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html
 */
const DATA_TYPES = [
  'String',
  'StringList',
  'Integer',
  'Boolean',
  'MapList',
  'StringMap',
];

/**
 * AWS resource types a parameter may declare, so the console lists matching
 * resources (a String, or a StringList for `List<…>`):
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/populating-input-parameters.html
 */
export const AWS_RESOURCE_PARAMETER_TYPES = new Set(
  [
    'AWS::EC2::Instance::Id',
    'AWS::S3::Bucket::Name',
    'AWS::IAM::Role::Arn',
  ].flatMap(type => [type, `List<${type}>`]),
);

export const PARAMETER_TYPES = new Set([
  ...DATA_TYPES,
  ...AWS_RESOURCE_PARAMETER_TYPES,
]);

/** Types an output selector may produce. */
export const OUTPUT_TYPES = new Set(DATA_TYPES);

/** `{{ global:… }}` variables of Automation. */
export const GLOBAL_VARIABLES = new Set([
  'ACCOUNT_ID',
  'REGION',
  'AWS_PARTITION',
  'DATE',
  'DATE_TIME',
  'DATE_TIME_ISO8601',
  'EXECUTION_ID',
  'URL_SUFFIX',
]);

/** aws:branch comparison operators (besides the And/Or/Not combinators). */
export const BRANCH_OPERATORS = new Set([
  'StringEquals',
  'EqualsIgnoreCase',
  'StartsWith',
  'EndsWith',
  'Contains',
  'NumericEquals',
  'NumericGreater',
  'NumericLesser',
  'NumericGreaterOrEquals',
  'NumericLesserOrEquals',
  'BooleanEquals',
]);
