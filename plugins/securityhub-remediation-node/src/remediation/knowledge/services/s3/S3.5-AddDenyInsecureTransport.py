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
