import {
  apiCall,
  param,
  PATTERNS,
  permission,
  waitForProperty,
} from './helpers';
import type { CuratedAutomation } from './types';

function inspectorScan(options: {
  controlId: string;
  resourceTypes: string[];
  stateKey: string;
  description: string;
  caveat: string;
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsAccount',
    parameters: {
      AccountId: param(
        'Account to enable Amazon Inspector scanning in',
        { from: 'accountId' },
        PATTERNS.accountId,
      ),
    },
    steps: [
      apiCall('EnableInspectorScanning', 'inspector2', 'Enable', {
        accountIds: ['{{ AccountId }}'],
        resourceTypes: options.resourceTypes,
      }),
      waitForProperty(
        'VerifyScanningEnabled',
        'inspector2',
        'BatchGetAccountStatus',
        { accountIds: ['{{ AccountId }}'] },
        `$.accounts[0].resourceState.${options.stateKey}.status`,
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        ['inspector2:Enable', 'inspector2:BatchGetAccountStatus'],
        ['*'],
        'Account-level scanning settings; these actions support no resource-level permissions.',
      ),
      permission(
        ['iam:CreateServiceLinkedRole'],
        [
          'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2',
        ],
        'The first activation of Amazon Inspector creates its service-linked role.',
      ),
    ],
    caveats: [
      options.caveat,
      'Amazon Inspector is charged per scanned resource after the 15-day trial. In an AWS Organizations setup, prefer enabling it from the delegated administrator.',
    ],
  };
}

export const INSPECTOR_AUTOMATIONS: CuratedAutomation[] = [
  inspectorScan({
    controlId: 'Inspector.1',
    resourceTypes: ['EC2'],
    stateKey: 'ec2',
    description:
      'Turns on Amazon Inspector EC2 scanning for the account in the Region.',
    caveat:
      'Instances are scanned through the SSM Agent (or agentless snapshots if hybrid scanning is configured); no instance is restarted.',
  }),
  inspectorScan({
    controlId: 'Inspector.2',
    resourceTypes: ['ECR'],
    stateKey: 'ecr',
    description:
      'Turns on Amazon Inspector ECR scanning for the account in the Region.',
    caveat:
      'The registry switches to enhanced scanning: repository-level basic scan-on-push settings no longer apply.',
  }),
  inspectorScan({
    controlId: 'Inspector.3',
    resourceTypes: ['LAMBDA', 'LAMBDA_CODE'],
    stateKey: 'lambdaCode',
    description:
      'Turns on Amazon Inspector Lambda standard and code scanning for the account in the Region.',
    caveat:
      'Lambda code scanning requires Lambda standard scanning, so both are turned on.',
  }),
  inspectorScan({
    controlId: 'Inspector.4',
    resourceTypes: ['LAMBDA'],
    stateKey: 'lambda',
    description:
      'Turns on Amazon Inspector Lambda standard scanning for the account in the Region.',
    caveat:
      'Function packages and layers are scanned for vulnerable dependencies.',
  }),
];
