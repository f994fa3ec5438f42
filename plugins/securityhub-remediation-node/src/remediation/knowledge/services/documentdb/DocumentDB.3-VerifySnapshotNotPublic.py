import boto3


def handler(events, context):
    client = boto3.client('docdb')
    identifier = events['SnapshotIdentifier']
    result = client.describe_db_cluster_snapshot_attributes(DBClusterSnapshotIdentifier=identifier)['DBClusterSnapshotAttributesResult']
    for attribute in result.get('DBClusterSnapshotAttributes', []):
        if attribute.get('AttributeName') == 'restore' and 'all' in attribute.get('AttributeValues', []):
            raise Exception(identifier + ' is still restorable by all accounts')
    return {'Verified': True}
