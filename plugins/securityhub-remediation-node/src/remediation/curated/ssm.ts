import {
  apiCall,
  ARN,
  assertProperty,
  param,
  permission,
  script,
} from './helpers';
import type { CuratedAutomation } from './types';

function serviceSetting(options: {
  controlId: string;
  description: string;
  settingId: string;
  value: string;
  caveats: string[];
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      apiCall('UpdateServiceSetting', 'ssm', 'UpdateServiceSetting', {
        SettingId: options.settingId,
        SettingValue: options.value,
      }),
      assertProperty(
        'VerifyServiceSetting',
        'ssm',
        'GetServiceSetting',
        { SettingId: options.settingId },
        '$.ServiceSetting.SettingValue',
        [options.value],
      ),
    ],
    permissions: [
      permission(
        ['ssm:UpdateServiceSetting', 'ssm:GetServiceSetting'],
        [ARN.regional('ssm', `servicesetting${options.settingId}`)],
        'Change and read back this one account-level service setting of the Region.',
      ),
    ],
    caveats: options.caveats,
  };
}

const PARSE_DOCUMENT_NAME_SCRIPT = `
def handler(events, context):
    return {'DocumentName': events['DocumentArn'].split(':document/', 1)[1]}
`;

const VERIFY_DOCUMENT_NOT_PUBLIC_SCRIPT = `
import boto3


def handler(events, context):
    ssm = boto3.client('ssm')
    described = ssm.describe_document_permission(Name=events['DocumentName'], PermissionType='Share')
    if 'all' in [account.lower() for account in described.get('AccountIds', [])]:
        raise Exception(events['DocumentName'] + ' is still shared publicly')
    return {'SharedWith': described.get('AccountIds', [])}
`;

export const SSM_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'SSM.4',
    description:
      'Stops sharing the SSM document publicly; sharing with named accounts is kept.',
    resourceType: 'AwsSsmDocument',
    parameters: {
      DocumentArn: param(
        'ARN of the SSM document',
        { from: 'resourceId' },
        '^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:document/[A-Za-z0-9_.-]{3,128}$',
      ),
    },
    steps: [
      script(
        'ParseDocumentName',
        PARSE_DOCUMENT_NAME_SCRIPT,
        { DocumentArn: '{{ DocumentArn }}' },
        [
          {
            Name: 'DocumentName',
            Selector: '$.Payload.DocumentName',
            Type: 'String',
          },
        ],
      ),
      apiCall('RemovePublicSharing', 'ssm', 'ModifyDocumentPermission', {
        Name: '{{ ParseDocumentName.DocumentName }}',
        PermissionType: 'Share',
        AccountIdsToRemove: ['All'],
      }),
      script('VerifyDocumentNotPublic', VERIFY_DOCUMENT_NOT_PUBLIC_SCRIPT, {
        DocumentName: '{{ ParseDocumentName.DocumentName }}',
      }),
    ],
    permissions: [
      permission(
        ['ssm:ModifyDocumentPermission', 'ssm:DescribeDocumentPermission'],
        [ARN.param('DocumentArn')],
        'Remove and read back the public sharing of this one document.',
      ),
    ],
    caveats: [
      'Accounts that ran the document through its public sharing can no longer see or run it; share it with them by account id if they need it.',
    ],
  },
  serviceSetting({
    controlId: 'SSM.6',
    description:
      'Sends the output of SSM Automation executeScript steps to CloudWatch Logs.',
    settingId: '/ssm/automation/customer-script-log-destination',
    value: 'CloudWatch',
    caveats: [
      'Script output is written to the /aws/ssm/automation/executeScript log group (charged by ingestion and storage); the roles Automation runs under need CloudWatch Logs write permissions for it to arrive.',
    ],
  }),
  serviceSetting({
    controlId: 'SSM.7',
    description:
      'Turns on the block public sharing setting for SSM documents in the Region.',
    settingId: '/ssm/documents/console/public-sharing-permission',
    value: 'Disable',
    caveats: [
      'No SSM document of the account can be shared publicly any more; sharing with specific accounts is unaffected. Check documents that are already public separately (SSM.4).',
    ],
  }),
];
