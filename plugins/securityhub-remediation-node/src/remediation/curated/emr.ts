import { assertProperty, permission, script, TRUE } from './helpers';
import type { CuratedAutomation } from './types';

// PutBlockPublicAccessConfiguration replaces the whole configuration: keep
// the permitted port ranges that are already configured (port 22 by default).
const EMR_BPA_SCRIPT = `
import boto3


def handler(events, context):
    emr = boto3.client('emr')
    current = emr.get_block_public_access_configuration()['BlockPublicAccessConfiguration']
    configuration = {
        'BlockPublicSecurityGroupRules': True,
        'PermittedPublicSecurityGroupRuleRanges':
            current.get('PermittedPublicSecurityGroupRuleRanges', []),
    }
    emr.put_block_public_access_configuration(BlockPublicAccessConfiguration=configuration)
    return {'PermittedRanges': len(configuration['PermittedPublicSecurityGroupRuleRanges'])}
`;

export const EMR_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'EMR.2',
    description:
      'Turns on Amazon EMR block public access for the account in the Region, keeping the permitted port ranges.',
    resourceType: 'AwsAccount',
    parameters: {},
    steps: [
      script('EnableBlockPublicAccess', EMR_BPA_SCRIPT, {}),
      assertProperty(
        'VerifyBlockPublicAccess',
        'emr',
        'GetBlockPublicAccessConfiguration',
        {},
        '$.BlockPublicAccessConfiguration.BlockPublicSecurityGroupRules',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        [
          'elasticmapreduce:GetBlockPublicAccessConfiguration',
          'elasticmapreduce:PutBlockPublicAccessConfiguration',
        ],
        ['*'],
        'Account-level EMR setting of the Region; these actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'New clusters whose security groups allow inbound traffic from 0.0.0.0/0 or ::/0 on ports other than the permitted ranges fail to launch; running clusters are unaffected.',
    ],
  },
];
