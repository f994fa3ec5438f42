import boto3


def check(config):
    if config.get('ViewerCertificate', {}).get('SSLSupportMethod') == 'vip':
        return 'HTTPS is still served from dedicated IP addresses'
    return None


def handler(events, context):
    cloudfront = boto3.client('cloudfront')
    config = cloudfront.get_distribution_config(Id=events['DistributionId'])['DistributionConfig']
    problem = check(config)
    if problem:
        raise Exception(events['DistributionId'] + ': ' + problem)
    return {'Verified': True}
