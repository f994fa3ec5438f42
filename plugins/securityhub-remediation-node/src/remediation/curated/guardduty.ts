import { apiCall, ARN, assertProperty, permission, script } from './helpers';
import type { CuratedAutomation, CuratedPermission } from './types';

// One detector per account and Region: found at run time (the finding of
// GuardDuty.1 names the account, and the detector ARN of the protection
// plan controls is not a parameter the API takes).
const ENABLE_DETECTOR_SCRIPT = `
import boto3


def handler(events, context):
    guardduty = boto3.client('guardduty')
    detector_ids = guardduty.list_detectors()['DetectorIds']
    if detector_ids:
        guardduty.update_detector(DetectorId=detector_ids[0], Enable=True)
        return {'DetectorId': detector_ids[0]}
    created = guardduty.create_detector(Enable=True)
    return {'DetectorId': created['DetectorId']}
`;

const VERIFY_FEATURE_SCRIPT = `
import boto3


def handler(events, context):
    guardduty = boto3.client('guardduty')
    detector = guardduty.get_detector(DetectorId=events['DetectorId'])
    for feature in detector.get('Features', []):
        if feature['Name'] == events['Feature']:
            if feature['Status'] != 'ENABLED':
                raise Exception(events['Feature'] + ' is ' + feature['Status'])
            return {'Status': feature['Status']}
    raise Exception(events['Feature'] + ' is not reported by the detector')
`;

const DETECTOR_ARN = ARN.regional('guardduty', 'detector/*');

const DETECTOR_PERMISSIONS: CuratedPermission[] = [
  permission(
    ['guardduty:ListDetectors'],
    ['*'],
    'Find the detector of the account in the Region; ListDetectors supports no resource-level permissions.',
  ),
  permission(
    ['guardduty:UpdateDetector', 'guardduty:GetDetector'],
    [DETECTOR_ARN],
    'Update and read back the detector of this account and Region (its id is only known at run time).',
  ),
];

/** The account's detector in the Region; its id is only known at run time. */
const findDetector = () =>
  apiCall('FindDetector', 'guardduty', 'ListDetectors', {}, [
    { Name: 'DetectorId', Selector: '$.DetectorIds[0]', Type: 'String' },
  ]);

function protectionPlan(options: {
  controlId: string;
  feature: string;
  description: string;
  caveats: string[];
  extraPermissions?: CuratedPermission[];
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsGuardDutyDetector',
    parameters: {},
    steps: [
      findDetector(),
      apiCall('EnableFeature', 'guardduty', 'UpdateDetector', {
        DetectorId: '{{ FindDetector.DetectorId }}',
        Features: [{ Name: options.feature, Status: 'ENABLED' }],
      }),
      script('VerifyFeatureEnabled', VERIFY_FEATURE_SCRIPT, {
        DetectorId: '{{ FindDetector.DetectorId }}',
        Feature: options.feature,
      }),
    ],
    permissions: [...DETECTOR_PERMISSIONS, ...(options.extraPermissions ?? [])],
    caveats: [
      ...options.caveats,
      'Fails if GuardDuty is not enabled in the Region (remediate GuardDuty.1 first); in a member account whose protection plans are managed by the GuardDuty administrator, change it there instead.',
    ],
  };
}

const VERIFY_AGENT_MANAGEMENT_SCRIPT = `
import boto3


def handler(events, context):
    guardduty = boto3.client('guardduty')
    detector = guardduty.get_detector(DetectorId=events['DetectorId'])
    for feature in detector.get('Features', []):
        if feature['Name'] not in ('RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'):
            continue
        if feature['Status'] != 'ENABLED':
            continue
        for configuration in feature.get('AdditionalConfiguration', []):
            if configuration['Name'] == events['Configuration'] and configuration['Status'] == 'ENABLED':
                return {'Feature': feature['Name']}
    raise Exception('Runtime Monitoring with ' + events['Configuration'] + ' is not enabled')
`;

/** GuardDuty.7/12/13: Runtime Monitoring with automated agent management for one resource type. */
function runtimeAgentManagement(options: {
  controlId: string;
  configuration: string;
  description: string;
  caveats: string[];
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsGuardDutyDetector',
    parameters: {},
    steps: [
      findDetector(),
      apiCall('EnableAgentManagement', 'guardduty', 'UpdateDetector', {
        DetectorId: '{{ FindDetector.DetectorId }}',
        Features: [
          {
            Name: 'RUNTIME_MONITORING',
            Status: 'ENABLED',
            AdditionalConfiguration: [
              { Name: options.configuration, Status: 'ENABLED' },
            ],
          },
        ],
      }),
      script('VerifyAgentManagement', VERIFY_AGENT_MANAGEMENT_SCRIPT, {
        DetectorId: '{{ FindDetector.DetectorId }}',
        Configuration: options.configuration,
      }),
    ],
    permissions: DETECTOR_PERMISSIONS,
    caveats: [
      ...options.caveats,
      'Runtime Monitoring is charged per monitored vCPU; automated agent management of the other resource types is left as it is.',
      'Fails if GuardDuty is not enabled in the Region (remediate GuardDuty.1 first); in a member account whose protection plans are managed by the GuardDuty administrator, change it there instead.',
    ],
  };
}

export const GUARDDUTY_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'GuardDuty.1',
    description:
      'Enables GuardDuty in the Region, creating the detector if there is none or re-enabling a suspended one.',
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      script('EnableGuardDuty', ENABLE_DETECTOR_SCRIPT, {}, [
        {
          Name: 'DetectorId',
          Selector: '$.Payload.DetectorId',
          Type: 'String',
        },
      ]),
      assertProperty(
        'VerifyDetectorEnabled',
        'guardduty',
        'GetDetector',
        { DetectorId: '{{ EnableGuardDuty.DetectorId }}' },
        '$.Status',
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        ['guardduty:ListDetectors', 'guardduty:CreateDetector'],
        ['*'],
        'Find or create the detector of the account in the Region; these actions support no resource-level permissions.',
      ),
      permission(
        ['guardduty:UpdateDetector', 'guardduty:GetDetector'],
        [DETECTOR_ARN],
        'Re-enable and read back the detector of this account and Region (its id is only known at run time).',
      ),
      permission(
        ['iam:CreateServiceLinkedRole'],
        [
          'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
        ],
        'The first CreateDetector of an account creates the GuardDuty service-linked role.',
      ),
    ],
    caveats: [
      'GuardDuty is charged by analysed events and data after the 30-day trial; the protection plans enabled by default for new detectors are included.',
      'In an AWS Organizations setup, prefer enabling GuardDuty from the delegated administrator so the account is a managed member.',
    ],
  },
  protectionPlan({
    controlId: 'GuardDuty.5',
    feature: 'EKS_AUDIT_LOGS',
    description: 'Turns on GuardDuty EKS Audit Log Monitoring.',
    caveats: ['Charged by the volume of EKS audit logs analysed.'],
  }),
  protectionPlan({
    controlId: 'GuardDuty.6',
    feature: 'LAMBDA_NETWORK_LOGS',
    description: 'Turns on GuardDuty Lambda Protection.',
    caveats: ['Charged by the volume of Lambda network activity analysed.'],
  }),
  protectionPlan({
    controlId: 'GuardDuty.8',
    feature: 'EBS_MALWARE_PROTECTION',
    description: 'Turns on GuardDuty Malware Protection for EC2.',
    caveats: [
      'When a finding indicates malware, GuardDuty snapshots the EBS volumes of the instance and scans them; charged per GB scanned plus snapshot storage.',
    ],
    extraPermissions: [
      permission(
        ['iam:CreateServiceLinkedRole'],
        [
          'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection',
        ],
        'Malware Protection creates its service-linked role when first enabled.',
      ),
    ],
  }),
  protectionPlan({
    controlId: 'GuardDuty.9',
    feature: 'RDS_LOGIN_EVENTS',
    description: 'Turns on GuardDuty RDS Protection.',
    caveats: ['Charged by the number of Aurora/RDS login events analysed.'],
  }),
  protectionPlan({
    controlId: 'GuardDuty.10',
    feature: 'S3_DATA_EVENTS',
    description: 'Turns on GuardDuty S3 Protection.',
    caveats: ['Charged by the volume of S3 data events analysed.'],
  }),
  protectionPlan({
    controlId: 'GuardDuty.11',
    feature: 'RUNTIME_MONITORING',
    description:
      'Turns on GuardDuty Runtime Monitoring (without automated agent management).',
    caveats: [
      'No security agent is deployed by this change: coverage starts for workloads whose GuardDuty agent is installed (manually or by turning on automated agent management per resource type, GuardDuty.7/12/13).',
    ],
  }),
  runtimeAgentManagement({
    controlId: 'GuardDuty.7',
    configuration: 'EKS_ADDON_MANAGEMENT',
    description:
      'Turns on GuardDuty Runtime Monitoring with automated agent management for Amazon EKS.',
    caveats: [
      'GuardDuty installs and updates the aws-guardduty-agent add-on on every EKS cluster of the Region and creates a GuardDuty VPC endpoint (with a security group) in their VPCs; the agent runs as a DaemonSet using node CPU and memory.',
    ],
  }),
  runtimeAgentManagement({
    controlId: 'GuardDuty.12',
    configuration: 'ECS_FARGATE_AGENT_MANAGEMENT',
    description:
      'Turns on GuardDuty Runtime Monitoring with automated agent management for Amazon ECS on AWS Fargate.',
    caveats: [
      'Fargate tasks started from now on get a GuardDuty sidecar container: the task execution role must be able to pull it from ECR (as AmazonECSTaskExecutionRolePolicy allows) and it uses part of the task CPU and memory; GuardDuty also creates VPC endpoints in the VPCs of the tasks. Running tasks are unchanged until redeployed.',
    ],
  }),
  runtimeAgentManagement({
    controlId: 'GuardDuty.13',
    configuration: 'EC2_AGENT_MANAGEMENT',
    description:
      'Turns on GuardDuty Runtime Monitoring with automated agent management for Amazon EC2.',
    caveats: [
      'GuardDuty installs its security agent through SSM on the SSM-managed instances of the Region (supported Linux distributions) and creates GuardDuty VPC endpoints in their VPCs; the agent uses some CPU and memory on every instance.',
    ],
  }),
];
