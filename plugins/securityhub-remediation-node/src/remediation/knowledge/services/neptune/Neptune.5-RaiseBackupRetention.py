import boto3


def handler(events, context):
    client = boto3.client('neptune')
    identifier = events['Identifier']
    minimum = int(events['MinimumDays'])
    described = client.describe_db_clusters(DBClusterIdentifier=identifier)
    current = described['DBClusters'][0].get('BackupRetentionPeriod') or 0
    if current >= minimum:
        return {'Changed': False, 'BackupRetentionPeriod': current}
    client.modify_db_cluster(
        DBClusterIdentifier=identifier, BackupRetentionPeriod=minimum, ApplyImmediately=True)
    return {'Changed': True, 'BackupRetentionPeriod': minimum}
