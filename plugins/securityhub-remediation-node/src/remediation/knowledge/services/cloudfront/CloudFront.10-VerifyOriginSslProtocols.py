import boto3


def check(config):
    for origin in config.get('Origins', {}).get('Items', []):
        custom = origin.get('CustomOriginConfig') or {}
        if 'SSLv3' in custom.get('OriginSslProtocols', {}).get('Items', []):
            return 'origin ' + origin['Id'] + ' still allows SSLv3'
    return None


def handler(events, context):
    cloudfront = boto3.client('cloudfront')
    config = cloudfront.get_distribution_config(Id=events['DistributionId'])['DistributionConfig']
    problem = check(config)
    if problem:
        raise Exception(events['DistributionId'] + ': ' + problem)
    return {'Verified': True}
