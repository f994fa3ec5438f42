/**
 * Small builders shared by the curated automations, so each service file
 * reads as the settings it changes rather than as step boilerplate. The IAM
 * action of each call (and the calls inside scripts) is derived and checked
 * by the validator (`IAM_ACTION_OVERRIDES` in validation/iamActions.ts holds
 * the calls whose action is not `<prefix>:<Operation>`).
 */
import type {
  AutomationStep,
  CuratedParameter,
  CuratedPermission,
  ParameterFill,
} from './types';

/**
 * SSM compares the selected value as text and Python renders booleans as
 * `True`/`False`; AWS's own examples use both casings, so accept both.
 */
export const TRUE = ['True', 'true'];
export const FALSE = ['False', 'false'];

/** Identifier patterns used as `allowedPattern`. */
export const PATTERNS = {
  s3Bucket: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  accountId: '^[0-9]{12}$',
  securityGroupId: '^sg-[0-9a-f]{8,17}$',
  instanceId: '^i-[0-9a-f]{8,17}$',
  subnetId: '^subnet-[0-9a-f]{8,17}$',
  transitGatewayId: '^tgw-[0-9a-f]{8,17}$',
  networkInterfaceId: '^eni-[0-9a-f]{8,17}$',
  kmsKeyId:
    '^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$',
  trailArn:
    '^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:[0-9]{12}:trail/[A-Za-z0-9._-]{3,128}$',
  dynamoDbTable: '^[A-Za-z0-9_.-]{3,255}$',
  ecrRepository:
    '^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$',
  elbv2Arn:
    '^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$',
  elbName: '^[A-Za-z0-9-]{1,32}$',
  /** RDS / DocumentDB / Neptune instance and cluster identifiers. */
  rdsIdentifier: '^[A-Za-z][A-Za-z0-9-]{0,62}$',
  /** Manual snapshot identifiers (automated ones carry a `rds:` prefix and cannot be shared anyway). */
  rdsSnapshotIdentifier: '^[A-Za-z][A-Za-z0-9-]{0,254}$',
  redshiftCluster: '^[a-z][a-z0-9-]{0,62}$',
  elastiCacheId: '^[A-Za-z][A-Za-z0-9-]{0,49}$',
  dmsReplicationInstanceArn:
    '^arn:aws[a-z-]*:dms:[a-z0-9-]+:[0-9]{12}:rep:[A-Za-z0-9-]+$',
  ecsClusterArn:
    '^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255}$',
  eksClusterName: '^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$',
  mqBrokerId:
    '^b-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  networkFirewallArn:
    '^arn:aws[a-z-]*:network-firewall:[a-z0-9-]+:[0-9]{12}:firewall/[A-Za-z0-9-]{1,128}$',
  sqsQueueName: '^[A-Za-z0-9_-]{1,80}(\\.fifo)?$',
  kinesisStreamArn:
    '^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]{1,128}$',
} as const;

export function param(
  description: string,
  fill: ParameterFill,
  allowedPattern?: string,
  type: CuratedParameter['type'] = 'String',
): CuratedParameter {
  return {
    type,
    description,
    fill,
    ...(allowedPattern ? { allowedPattern } : {}),
  };
}

/** A fixed setting, always the same value (Integer when a number). */
export function fixed(
  description: string,
  value: number | string,
): CuratedParameter {
  return {
    type: typeof value === 'number' ? 'Integer' : 'String',
    description,
    fill: { value },
  };
}

export function apiCall(
  name: string,
  service: string,
  api: string,
  inputs: Record<string, unknown>,
  outputs?: AutomationStep['outputs'],
): AutomationStep {
  return {
    name,
    action: 'aws:executeAwsApi',
    inputs: { Service: service, Api: api, ...inputs },
    ...(outputs ? { outputs } : {}),
  };
}

export function assertProperty(
  name: string,
  service: string,
  api: string,
  inputs: Record<string, unknown>,
  propertySelector: string,
  desiredValues: string[],
): AutomationStep {
  return {
    name,
    action: 'aws:assertAwsResourceProperty',
    inputs: {
      Service: service,
      Api: api,
      ...inputs,
      PropertySelector: propertySelector,
      DesiredValues: desiredValues,
    },
  };
}

/** Polls until an asynchronous change shows (default 10 minutes). */
export function waitForProperty(
  name: string,
  service: string,
  api: string,
  inputs: Record<string, unknown>,
  propertySelector: string,
  desiredValues: string[],
  timeoutSeconds = 600,
): AutomationStep {
  return {
    name,
    action: 'aws:waitForAwsResourceProperty',
    timeoutSeconds,
    inputs: {
      Service: service,
      Api: api,
      ...inputs,
      PropertySelector: propertySelector,
      DesiredValues: desiredValues,
    },
  };
}

/**
 * A Python step. Name verification scripts `Verify…`: they must raise when
 * the setting is not in place (the test treats them as verification steps).
 */
export function script(
  name: string,
  source: string,
  payload: Record<string, unknown>,
  outputs?: AutomationStep['outputs'],
): AutomationStep {
  return {
    name,
    action: 'aws:executeScript',
    timeoutSeconds: 600,
    inputs: {
      Runtime: 'python3.11',
      Handler: 'handler',
      InputPayload: payload,
      Script: source.replace(/^\n/, ''),
    },
    ...(outputs ? { outputs } : {}),
  };
}

export function permission(
  actions: string[],
  resources: string[],
  why: string,
): CuratedPermission {
  return { actions, resources, why };
}

/** Resource ARNs in `!Sub` syntax. */
export const ARN = {
  s3Bucket: (p: string) => `arn:\${AWS::Partition}:s3:::\${${p}}`,
  ec2: (type: string, p: string) =>
    `arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:${type}/\${${p}}`,
  rds: (type: string, p: string) =>
    `arn:\${AWS::Partition}:rds:\${AWS::Region}:\${AWS::AccountId}:${type}:\${${p}}`,
  regional: (service: string, resource: string) =>
    `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
  /** The parameter itself is the ARN. */
  param: (p: string) => `\${${p}}`,
};

/**
 * A verification script that polls until a numeric setting of one resource
 * reaches a minimum (retention changes apply asynchronously) and raises with
 * the value it last saw. Its payload: `Identifier` and `MinimumDays`.
 *
 * @param client - boto3 client name, e.g. `rds`.
 * @param read - Python expression giving the current value from `client` and `identifier`.
 * @param label - What is measured, for the failure message.
 */
export function verifyMinimumScript(
  client: string,
  read: string,
  label: string,
): string {
  return `
import time

import boto3


def handler(events, context):
    client = boto3.client('${client}')
    identifier = events['Identifier']
    minimum = int(events['MinimumDays'])
    current = 0
    for _ in range(34):
        current = ${read} or 0
        if current >= minimum:
            return {'Current': current}
        time.sleep(15)
    raise Exception('${label} of ' + identifier + ' is ' + str(current) + ' days')
`;
}
