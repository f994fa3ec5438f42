import boto3


RECOMMENDED = ["TLSv1.2_2021","TLSv1.2_2025","TLSv1.3_2025"]


def check(config):
    version = config.get('ViewerCertificate', {}).get('MinimumProtocolVersion')
    if version not in RECOMMENDED:
        return 'the minimum viewer TLS policy is ' + str(version)
    return None


def handler(events, context):
    cloudfront = boto3.client('cloudfront')
    config = cloudfront.get_distribution_config(Id=events['DistributionId'])['DistributionConfig']
    problem = check(config)
    if problem:
        raise Exception(events['DistributionId'] + ': ' + problem)
    return {'Verified': True}
