import boto3


RECOMMENDED = ["TLSv1.2_2021","TLSv1.2_2025","TLSv1.3_2025"]


def change(config):
    certificate = config.get('ViewerCertificate', {})
    custom = certificate.get('ACMCertificateArn') or certificate.get('IAMCertificateId')
    if not custom:
        raise Exception('The distribution uses the default CloudFront certificate, whose TLS policy cannot be changed')
    if certificate.get('MinimumProtocolVersion') in RECOMMENDED:
        return False
    certificate['MinimumProtocolVersion'] = 'TLSv1.2_2021'
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
