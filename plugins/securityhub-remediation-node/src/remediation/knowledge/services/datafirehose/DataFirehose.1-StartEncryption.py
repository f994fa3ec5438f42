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
