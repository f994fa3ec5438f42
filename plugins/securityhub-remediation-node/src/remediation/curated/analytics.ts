import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
  script,
  TRUE,
  waitForProperty,
} from './helpers';
import type { CuratedAutomation } from './types';

// Encryption is only started when the stream is not encrypted yet, so a
// rerun (or a stream already on a customer managed key) never switches keys.
const KINESIS_ENCRYPT_SCRIPT = `
import boto3


def handler(events, context):
    kinesis = boto3.client('kinesis')
    arn = events['StreamArn']
    summary = kinesis.describe_stream_summary(StreamARN=arn)['StreamDescriptionSummary']
    if summary.get('EncryptionType') == 'KMS':
        return {'Changed': False, 'KeyId': summary.get('KeyId')}
    kinesis.start_stream_encryption(StreamARN=arn, EncryptionType='KMS', KeyId=events['KeyId'])
    return {'Changed': True, 'KeyId': events['KeyId']}
`;

const FIREHOSE_ENCRYPT_SCRIPT = `
import boto3


def handler(events, context):
    firehose = boto3.client('firehose')
    name = events['DeliveryStreamArn'].split('/')[-1]
    description = firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription']
    status = description.get('DeliveryStreamEncryptionConfiguration', {}).get('Status')
    if status in ('ENABLED', 'ENABLING'):
        return {'DeliveryStreamName': name, 'Changed': False}
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName=name,
        DeliveryStreamEncryptionConfigurationInput={'KeyType': 'AWS_OWNED_CMK'})
    return {'DeliveryStreamName': name, 'Changed': True}
`;

// S3 build logs are encrypted unless encryptionDisabled; the rest of the
// logs configuration (CloudWatch Logs, S3 location) is written back as read.
const CODEBUILD_ENCRYPT_LOGS_SCRIPT = `
import boto3


def handler(events, context):
    codebuild = boto3.client('codebuild')
    name = events['ProjectName']
    project = codebuild.batch_get_projects(names=[name])['projects'][0]
    logs = project.get('logsConfig', {})
    s3_logs = logs.get('s3', {})
    if s3_logs.get('status') != 'ENABLED' or not s3_logs.get('encryptionDisabled'):
        return {'Changed': False}
    s3_logs['encryptionDisabled'] = False
    logs['s3'] = s3_logs
    codebuild.update_project(name=name, logsConfig=logs)
    return {'Changed': True}
`;

const CODEBUILD_VERIFY_LOGS_SCRIPT = `
import boto3


def handler(events, context):
    codebuild = boto3.client('codebuild')
    project = codebuild.batch_get_projects(names=[events['ProjectName']])['projects'][0]
    s3_logs = project.get('logsConfig', {}).get('s3', {})
    if s3_logs.get('status') == 'ENABLED' and s3_logs.get('encryptionDisabled'):
        raise Exception('S3 logs of ' + events['ProjectName'] + ' are still written unencrypted')
    return {'Verified': True}
`;

export const ANALYTICS_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'Athena.4',
    description:
      'Turns on publishing of query metrics to CloudWatch for the Athena workgroup.',
    resourceType: 'AwsAthenaWorkGroup',
    parameters: {
      WorkGroupName: param(
        'Name of the Athena workgroup',
        { from: 'resourceDetail', path: 'AwsAthenaWorkGroup.Name' },
        '^[A-Za-z0-9._-]{1,128}$',
      ),
    },
    steps: [
      apiCall('EnableCloudWatchMetrics', 'athena', 'UpdateWorkGroup', {
        WorkGroup: '{{ WorkGroupName }}',
        ConfigurationUpdates: { PublishCloudWatchMetricsEnabled: true },
      }),
      assertProperty(
        'VerifyCloudWatchMetrics',
        'athena',
        'GetWorkGroup',
        { WorkGroup: '{{ WorkGroupName }}' },
        '$.WorkGroup.Configuration.PublishCloudWatchMetricsEnabled',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['athena:UpdateWorkGroup', 'athena:GetWorkGroup'],
        [ARN.regional('athena', 'workgroup/${WorkGroupName}')],
        'Change and read back the configuration of this one workgroup.',
      ),
    ],
    caveats: [
      'Query metrics appear in the AWS/Athena CloudWatch namespace; no other setting of the workgroup changes.',
    ],
  },
  {
    controlId: 'Kinesis.1',
    description:
      'Turns on server-side encryption of the Kinesis data stream with the AWS managed key alias/aws/kinesis (a stream already encrypted keeps its key).',
    resourceType: 'AwsKinesisStream',
    parameters: {
      StreamArn: param(
        'ARN of the Kinesis data stream',
        { from: 'resourceId' },
        PATTERNS.kinesisStreamArn,
      ),
      KeyId: {
        type: 'String',
        description: 'KMS key used for encryption (the AWS managed key)',
        fill: { value: 'alias/aws/kinesis' },
      },
    },
    steps: [
      script('StartEncryption', KINESIS_ENCRYPT_SCRIPT, {
        StreamArn: '{{ StreamArn }}',
        KeyId: '{{ KeyId }}',
      }),
      waitForProperty(
        'VerifyEncryption',
        'kinesis',
        'DescribeStreamSummary',
        { StreamARN: '{{ StreamArn }}' },
        '$.StreamDescriptionSummary.EncryptionType',
        ['KMS'],
      ),
    ],
    permissions: [
      permission(
        ['kinesis:DescribeStreamSummary', 'kinesis:StartStreamEncryption'],
        [ARN.param('StreamArn')],
        'Read the encryption of this one stream, start it and read it back (the AWS managed key needs no KMS permission of the caller).',
      ),
    ],
    caveats: [
      'Records written from now on are encrypted; existing records stay as they are until they expire. The stream is UPDATING for a few seconds and keeps serving.',
      'Producers and consumers need no change with the AWS managed key; KMS request charges apply.',
    ],
  },
  {
    controlId: 'DataFirehose.1',
    description:
      'Turns on server-side encryption of the Firehose delivery stream with an AWS owned key (a stream already encrypted keeps its key).',
    resourceType: 'AwsKinesisFirehoseDeliveryStream',
    parameters: {
      DeliveryStreamArn: param(
        'ARN of the Firehose delivery stream',
        { from: 'resourceId' },
        '^arn:aws[a-z-]*:firehose:[a-z0-9-]+:[0-9]{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$',
      ),
    },
    steps: [
      script(
        'StartEncryption',
        FIREHOSE_ENCRYPT_SCRIPT,
        { DeliveryStreamArn: '{{ DeliveryStreamArn }}' },
        [
          {
            Name: 'DeliveryStreamName',
            Selector: '$.Payload.DeliveryStreamName',
            Type: 'String',
          },
        ],
      ),
      waitForProperty(
        'VerifyEncryption',
        'firehose',
        'DescribeDeliveryStream',
        { DeliveryStreamName: '{{ StartEncryption.DeliveryStreamName }}' },
        '$.DeliveryStreamDescription.DeliveryStreamEncryptionConfiguration.Status',
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        [
          'firehose:DescribeDeliveryStream',
          'firehose:StartDeliveryStreamEncryption',
        ],
        [ARN.param('DeliveryStreamArn')],
        'Read the encryption of this one delivery stream, start it and read it back.',
      ),
    ],
    caveats: [
      'Delivery streams whose source is a Kinesis data stream cannot be encrypted this way and make the automation fail without change: encrypt the source stream instead (Kinesis.1).',
      'Delivery continues during the change; the AWS owned key needs no change of producers.',
    ],
  },
  {
    controlId: 'CodeBuild.3',
    description:
      'Turns encryption back on for the S3 build logs of the CodeBuild project, keeping the rest of its logs configuration.',
    resourceType: 'AwsCodeBuildProject',
    parameters: {
      ProjectName: param(
        'Name of the CodeBuild project',
        { from: 'resourceDetail', path: 'AwsCodeBuildProject.Name' },
        '^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$',
      ),
    },
    steps: [
      script('EncryptS3Logs', CODEBUILD_ENCRYPT_LOGS_SCRIPT, {
        ProjectName: '{{ ProjectName }}',
      }),
      script('VerifyS3LogsEncrypted', CODEBUILD_VERIFY_LOGS_SCRIPT, {
        ProjectName: '{{ ProjectName }}',
      }),
    ],
    permissions: [
      permission(
        ['codebuild:BatchGetProjects', 'codebuild:UpdateProject'],
        [ARN.regional('codebuild', 'project/${ProjectName}')],
        'Read the logs configuration of this one project, write it back with encryption on, and read it again to verify.',
      ),
    ],
    caveats: [
      "Build logs are encrypted with the project's encryption key (or the AWS managed key for S3); the service role of the project must be allowed to use a customer managed key if one is set, or builds fail to upload their logs.",
    ],
  },
];
