import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
} from './helpers';
import type { CuratedAutomation } from './types';

export const SQS_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'SQS.1',
    description:
      'Turns on server-side encryption with SQS-managed keys (SSE-SQS) for the queue.',
    resourceType: 'AwsSqsQueue',
    parameters: {
      QueueName: param(
        'Name of the SQS queue',
        { from: 'resourceDetail', path: 'AwsSqsQueue.QueueName' },
        PATTERNS.sqsQueueName,
      ),
    },
    steps: [
      apiCall(
        'GetQueueUrl',
        'sqs',
        'GetQueueUrl',
        { QueueName: '{{ QueueName }}' },
        [{ Name: 'QueueUrl', Selector: '$.QueueUrl', Type: 'String' }],
      ),
      apiCall('EnableSseSqs', 'sqs', 'SetQueueAttributes', {
        QueueUrl: '{{ GetQueueUrl.QueueUrl }}',
        Attributes: { SqsManagedSseEnabled: 'true' },
      }),
      assertProperty(
        'VerifySseSqs',
        'sqs',
        'GetQueueAttributes',
        {
          QueueUrl: '{{ GetQueueUrl.QueueUrl }}',
          AttributeNames: ['SqsManagedSseEnabled'],
        },
        '$.Attributes.SqsManagedSseEnabled',
        ['true'],
      ),
    ],
    permissions: [
      permission(
        ['sqs:GetQueueUrl', 'sqs:SetQueueAttributes', 'sqs:GetQueueAttributes'],
        [ARN.regional('sqs', '${QueueName}')],
        'Find, encrypt and read back this one queue.',
      ),
    ],
    caveats: [
      'Transparent to producers and consumers (no KMS permissions needed with SSE-SQS); messages already in the queue stay unencrypted until they are consumed.',
    ],
  },
];
