import { apiCall, assertProperty, permission, script } from './helpers';
import type { CuratedAutomation } from './types';

const ENABLE_MACIE_SCRIPT = `
import boto3
from botocore.exceptions import ClientError


def handler(events, context):
    macie = boto3.client('macie2')
    try:
        status = macie.get_macie_session()['status']
    except ClientError as error:
        if error.response['Error']['Code'] not in ('AccessDeniedException', 'ResourceNotFoundException'):
            raise
        status = None
    if status is None:
        macie.enable_macie(status='ENABLED')
        return {'Previous': 'NOT_ENABLED'}
    if status != 'ENABLED':
        macie.update_macie_session(status='ENABLED')
    return {'Previous': status}
`;

export const MACIE_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'Macie.1',
    description:
      'Enables Amazon Macie in the Region, or resumes it if it is paused.',
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      script('EnableMacie', ENABLE_MACIE_SCRIPT, {}),
      assertProperty(
        'VerifyMacieEnabled',
        'macie2',
        'GetMacieSession',
        {},
        '$.status',
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        [
          'macie2:GetMacieSession',
          'macie2:EnableMacie',
          'macie2:UpdateMacieSession',
        ],
        ['*'],
        'Account-level Macie session of the Region; these actions support no resource-level permissions.',
      ),
      permission(
        ['iam:CreateServiceLinkedRole'],
        [
          'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie',
        ],
        'Enabling Macie creates its service-linked role.',
      ),
    ],
    caveats: [
      'Macie is charged for bucket inventory and monitoring after the 30-day trial; sensitive data discovery jobs are separate. In an AWS Organizations setup, prefer enabling it from the delegated administrator.',
    ],
  },
  {
    controlId: 'Macie.2',
    description:
      'Turns on Macie automated sensitive data discovery for the account in the Region.',
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      apiCall(
        'EnableAutomatedDiscovery',
        'macie2',
        'UpdateAutomatedDiscoveryConfiguration',
        { status: 'ENABLED' },
      ),
      assertProperty(
        'VerifyAutomatedDiscovery',
        'macie2',
        'GetAutomatedDiscoveryConfiguration',
        {},
        '$.status',
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        [
          'macie2:UpdateAutomatedDiscoveryConfiguration',
          'macie2:GetAutomatedDiscoveryConfiguration',
        ],
        ['*'],
        'Account-level Macie setting of the Region; these actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Macie samples objects of the S3 buckets continuously and charges per object evaluated. Requires Macie to be enabled (Macie.1); in a member account, the Macie administrator manages this setting.',
    ],
  },
];
