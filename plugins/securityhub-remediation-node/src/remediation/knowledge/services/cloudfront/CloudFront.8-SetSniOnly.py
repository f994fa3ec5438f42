import boto3


def change(config):
    certificate = config.get('ViewerCertificate', {})
    if certificate.get('SSLSupportMethod') != 'vip':
        return False
    certificate['SSLSupportMethod'] = 'sni-only'
    return True


def handler(events, context):
    cloudfront = boto3.client('cloudfront')
    distribution_id = events['DistributionId']
    current = cloudfront.get_distribution_config(Id=distribution_id)
    config = current['DistributionConfig']
    if not change(config):
        return {'Changed': False}
    cloudfront.update_distribution(
        Id=distribution_id, IfMatch=current['ETag'], DistributionConfig=config)
    return {'Changed': True}
