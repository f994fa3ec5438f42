import boto3


def change(config):
    changed = False
    for origin in config.get('Origins', {}).get('Items', []):
        custom = origin.get('CustomOriginConfig')
        if not custom:
            continue
        protocols = custom.get('OriginSslProtocols', {'Quantity': 0, 'Items': []})
        items = protocols.get('Items', [])
        if 'SSLv3' not in items:
            continue
        items = [protocol for protocol in items if protocol != 'SSLv3'] or ['TLSv1.2']
        custom['OriginSslProtocols'] = {'Quantity': len(items), 'Items': items}
        changed = True
    return changed


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
