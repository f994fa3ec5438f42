import boto3


def handler(events, context):
    redshift = boto3.client('redshift')
    identifier = events['ClusterIdentifier']
    minimum = int(events['MinimumDays'])
    cluster = redshift.describe_clusters(ClusterIdentifier=identifier)['Clusters'][0]
    current = cluster.get('AutomatedSnapshotRetentionPeriod') or 0
    if current >= minimum:
        return {'Changed': False, 'RetentionDays': current}
    redshift.modify_cluster(ClusterIdentifier=identifier, AutomatedSnapshotRetentionPeriod=minimum)
    return {'Changed': True, 'RetentionDays': minimum}
