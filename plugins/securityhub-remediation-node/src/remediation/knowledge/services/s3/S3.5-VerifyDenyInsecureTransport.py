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
