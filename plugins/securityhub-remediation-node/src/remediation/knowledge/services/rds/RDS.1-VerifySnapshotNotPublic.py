import boto3


def handler(events, context):
    client = boto3.client('rds')
    identifier = events['SnapshotIdentifier']
    result = client.describe_db_snapshot_attributes(DBSnapshotIdentifier=identifier)['DBSnapshotAttributesResult']
    for attribute in result.get('DBSnapshotAttributes', []):
        if attribute.get('AttributeName') == 'restore' and 'all' in attribute.get('AttributeValues', []):
            raise Exception(identifier + ' is still restorable by all accounts')
    return {'Verified': True}
