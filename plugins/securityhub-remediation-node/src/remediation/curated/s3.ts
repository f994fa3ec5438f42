import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
  script,
  TRUE,
} from './helpers';
import type { CuratedAutomation } from './types';

const BUCKET = {
  BucketName: param(
    'Name of the S3 general purpose bucket',
    { from: 'resourceName' },
    PATTERNS.s3Bucket,
  ),
};

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const PAB_FLAGS = Object.keys(BLOCK_ALL);

/** S3.2, S3.3, S3.8: all four block public access settings on the bucket. */
function bucketPublicAccessBlock(
  controlId: string,
  why: string,
): CuratedAutomation {
  return {
    controlId,
    description:
      'Turns on all four S3 Block Public Access settings of the bucket.',
    resourceType: 'AwsS3Bucket',
    parameters: BUCKET,
    steps: [
      apiCall('PutPublicAccessBlock', 's3', 'PutPublicAccessBlock', {
        Bucket: '{{ BucketName }}',
        PublicAccessBlockConfiguration: BLOCK_ALL,
      }),
      ...PAB_FLAGS.map(flag =>
        assertProperty(
          `Verify${flag}`,
          's3',
          'GetPublicAccessBlock',
          { Bucket: '{{ BucketName }}' },
          `$.PublicAccessBlockConfiguration.${flag}`,
          TRUE,
        ),
      ),
    ],
    permissions: [
      permission(
        ['s3:PutBucketPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
        [ARN.s3Bucket('BucketName')],
        why,
      ),
    ],
    caveats: [
      'Public ACLs and public bucket policies stop taking effect: a bucket that intentionally serves public content (static website, public downloads) stops serving it; front it with CloudFront and origin access control instead.',
      'New public ACLs and public bucket policies are refused from now on.',
    ],
  };
}

// The statement S3.5 expects; a Sid marks it as ours so a rerun adds nothing.
const SSL_POLICY_SCRIPT = `
import json

import boto3
from botocore.exceptions import ClientError

SID = 'DenyInsecureTransport'


def handler(events, context):
    bucket = events['BucketName']
    partition = events['Partition']
    s3 = boto3.client('s3')
    try:
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)['Policy'])
    except ClientError as error:
        if error.response['Error']['Code'] != 'NoSuchBucketPolicy':
            raise
        policy = {'Version': '2012-10-17', 'Statement': []}
    statements = policy.get('Statement', [])
    if isinstance(statements, dict):
        statements = [statements]
    if any(statement.get('Sid') == SID for statement in statements):
        return {'Changed': False}
    bucket_arn = 'arn:' + partition + ':s3:::' + bucket
    statements.append({
        'Sid': SID,
        'Effect': 'Deny',
        'Principal': '*',
        'Action': 's3:*',
        'Resource': [bucket_arn, bucket_arn + '/*'],
        'Condition': {'Bool': {'aws:SecureTransport': 'false'}},
    })
    policy['Statement'] = statements
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    return {'Changed': True}
`;

const VERIFY_SSL_POLICY_SCRIPT = `
import json

import boto3


def handler(events, context):
    bucket = events['BucketName']
    s3 = boto3.client('s3')
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)['Policy'])
    statements = policy.get('Statement', [])
    if isinstance(statements, dict):
        statements = [statements]
    for statement in statements:
        condition = statement.get('Condition', {}).get('Bool', {})
        secure = str(condition.get('aws:SecureTransport', '')).lower()
        if statement.get('Effect') == 'Deny' and secure == 'false':
            return {'Verified': True}
    raise Exception('No statement denying aws:SecureTransport=false on ' + bucket)
`;

export const S3_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'S3.1',
    description:
      'Turns on all four account-level S3 Block Public Access settings.',
    resourceType: 'AwsAccount',
    parameters: {
      AccountId: param(
        'Account whose S3 Block Public Access settings are set',
        { from: 'accountId' },
        PATTERNS.accountId,
      ),
    },
    steps: [
      apiCall(
        'PutAccountPublicAccessBlock',
        's3control',
        'PutPublicAccessBlock',
        {
          AccountId: '{{ AccountId }}',
          PublicAccessBlockConfiguration: BLOCK_ALL,
        },
      ),
      ...PAB_FLAGS.map(flag =>
        assertProperty(
          `Verify${flag}`,
          's3control',
          'GetPublicAccessBlock',
          { AccountId: '{{ AccountId }}' },
          `$.PublicAccessBlockConfiguration.${flag}`,
          TRUE,
        ),
      ),
    ],
    permissions: [
      permission(
        ['s3:PutAccountPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
        ['*'],
        'Set and read back the account-level Block Public Access configuration; these actions support no resource-level permissions.',
      ),
    ],
    caveats: [
      'Applies to every bucket of the account: any bucket that intentionally serves public content stops serving it.',
    ],
  },
  bucketPublicAccessBlock(
    'S3.2',
    'Block public read access (ACLs and policies) on the bucket and read the settings back.',
  ),
  bucketPublicAccessBlock(
    'S3.3',
    'Block public write access (ACLs and policies) on the bucket and read the settings back.',
  ),
  {
    controlId: 'S3.5',
    description:
      'Adds a statement denying requests that do not use TLS to the bucket policy, keeping every existing statement.',
    resourceType: 'AwsS3Bucket',
    parameters: BUCKET,
    steps: [
      script('AddDenyInsecureTransport', SSL_POLICY_SCRIPT, {
        BucketName: '{{ BucketName }}',
        Partition: '{{ global:AWS_PARTITION }}',
      }),
      script('VerifyDenyInsecureTransport', VERIFY_SSL_POLICY_SCRIPT, {
        BucketName: '{{ BucketName }}',
      }),
    ],
    permissions: [
      permission(
        ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
        [ARN.s3Bucket('BucketName')],
        'Read the bucket policy, write it back with the TLS-only statement added, and read it again to verify.',
      ),
    ],
    caveats: [
      'Clients that call S3 over plain HTTP (very old SDKs, custom HTTP clients, some appliances) are denied from now on.',
      'Merges into the existing policy: no statement is removed or changed. If a statement with Sid DenyInsecureTransport already exists it is left as is.',
    ],
  },
  bucketPublicAccessBlock(
    'S3.8',
    'Turn on bucket-level Block Public Access and read the settings back.',
  ),
];
