import boto3


def handler(events, context):
    kinesis = boto3.client('kinesis')
    arn = events['StreamArn']
    summary = kinesis.describe_stream_summary(StreamARN=arn)['StreamDescriptionSummary']
    if summary.get('EncryptionType') == 'KMS':
        return {'Changed': False, 'KeyId': summary.get('KeyId')}
    kinesis.start_stream_encryption(StreamARN=arn, EncryptionType='KMS', KeyId=events['KeyId'])
    return {'Changed': True, 'KeyId': events['KeyId']}
