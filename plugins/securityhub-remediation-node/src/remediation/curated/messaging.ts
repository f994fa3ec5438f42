import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
  TRUE,
  waitForProperty,
} from './helpers';
import type { CuratedAutomation } from './types';

export const MESSAGING_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'MQ.3',
    description:
      'Turns on automatic minor version upgrades of the Amazon MQ broker.',
    resourceType: 'AwsAmazonMqBroker',
    parameters: {
      BrokerId: param(
        'Id of the Amazon MQ broker',
        { from: 'resourceDetail', path: 'AwsAmazonMqBroker.BrokerId' },
        PATTERNS.mqBrokerId,
      ),
    },
    steps: [
      apiCall('EnableAutoMinorVersionUpgrade', 'mq', 'UpdateBroker', {
        BrokerId: '{{ BrokerId }}',
        AutoMinorVersionUpgrade: true,
      }),
      assertProperty(
        'VerifyAutoMinorVersionUpgrade',
        'mq',
        'DescribeBroker',
        { BrokerId: '{{ BrokerId }}' },
        '$.AutoMinorVersionUpgrade',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['mq:UpdateBroker', 'mq:DescribeBroker'],
        [ARN.regional('mq', 'broker:*:${BrokerId}')],
        'Change and read back this one broker (its ARN also holds the broker name, which the finding does not give).',
      ),
    ],
    caveats: [
      'Minor engine upgrades are applied in the maintenance window and restart the broker (brief unavailability for single-instance brokers).',
    ],
  },
  {
    controlId: 'Kinesis.3',
    description:
      'Raises the data retention of the Kinesis data stream to 168 hours (7 days).',
    resourceType: 'AwsKinesisStream',
    parameters: {
      StreamArn: param(
        'ARN of the Kinesis data stream',
        { from: 'resourceId' },
        PATTERNS.kinesisStreamArn,
      ),
      RetentionPeriodHours: {
        type: 'Integer',
        description: 'Data retention, in hours',
        fill: { value: 168 },
      },
    },
    steps: [
      apiCall('IncreaseRetention', 'kinesis', 'IncreaseStreamRetentionPeriod', {
        StreamARN: '{{ StreamArn }}',
        RetentionPeriodHours: '{{ RetentionPeriodHours }}',
      }),
      waitForProperty(
        'VerifyRetention',
        'kinesis',
        'DescribeStreamSummary',
        { StreamARN: '{{ StreamArn }}' },
        '$.StreamDescriptionSummary.RetentionPeriodHours',
        ['168'],
      ),
    ],
    permissions: [
      permission(
        [
          'kinesis:IncreaseStreamRetentionPeriod',
          'kinesis:DescribeStreamSummary',
        ],
        [ARN.param('StreamArn')],
        'Raise and read back the retention of this one stream.',
      ),
    ],
    caveats: [
      'Extended data retention (beyond 24 hours) is charged per shard hour (or per GB on on-demand streams). The API only raises retention, so a stream already retaining longer makes it fail without change.',
    ],
  },
];
