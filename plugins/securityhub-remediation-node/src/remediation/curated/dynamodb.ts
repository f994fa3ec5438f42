import {
  apiCall,
  ARN,
  param,
  PATTERNS,
  permission,
  TRUE,
  waitForProperty,
} from './helpers';
import type { CuratedAutomation } from './types';

const TABLE = {
  TableName: param(
    'Name of the DynamoDB table',
    { from: 'resourceName' },
    PATTERNS.dynamoDbTable,
  ),
};
const TABLE_ARN = ARN.regional('dynamodb', 'table/${TableName}');

export const DYNAMODB_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'DynamoDB.2',
    description: 'Turns on point-in-time recovery for the DynamoDB table.',
    resourceType: 'AwsDynamoDbTable',
    parameters: TABLE,
    steps: [
      apiCall(
        'EnablePointInTimeRecovery',
        'dynamodb',
        'UpdateContinuousBackups',
        {
          TableName: '{{ TableName }}',
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
          },
        },
      ),
      waitForProperty(
        'VerifyPointInTimeRecovery',
        'dynamodb',
        'DescribeContinuousBackups',
        { TableName: '{{ TableName }}' },
        '$.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus',
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        [
          'dynamodb:UpdateContinuousBackups',
          'dynamodb:DescribeContinuousBackups',
        ],
        [TABLE_ARN],
        'Turn on and read back point-in-time recovery of this one table.',
      ),
    ],
    caveats: [
      'Continuous backups are charged by table size (35 days of recovery points by default).',
    ],
  },
  {
    controlId: 'DynamoDB.6',
    description: 'Turns on deletion protection of the DynamoDB table.',
    resourceType: 'AwsDynamoDbTable',
    parameters: TABLE,
    steps: [
      apiCall('EnableDeletionProtection', 'dynamodb', 'UpdateTable', {
        TableName: '{{ TableName }}',
        DeletionProtectionEnabled: true,
      }),
      waitForProperty(
        'VerifyDeletionProtection',
        'dynamodb',
        'DescribeTable',
        { TableName: '{{ TableName }}' },
        '$.Table.DeletionProtectionEnabled',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['dynamodb:UpdateTable', 'dynamodb:DescribeTable'],
        [TABLE_ARN],
        'Turn on and read back deletion protection of this one table.',
      ),
    ],
    caveats: [
      'Deleting the table (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
    ],
  },
];
