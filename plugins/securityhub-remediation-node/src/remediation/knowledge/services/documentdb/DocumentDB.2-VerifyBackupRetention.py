import time

import boto3


def handler(events, context):
    client = boto3.client('docdb')
    identifier = events['Identifier']
    minimum = int(events['MinimumDays'])
    current = 0
    for _ in range(34):
        current = client.describe_db_clusters(DBClusterIdentifier=identifier)['DBClusters'][0].get('BackupRetentionPeriod') or 0
        if current >= minimum:
            return {'Current': current}
        time.sleep(15)
    raise Exception('Backup retention of ' + identifier + ' is ' + str(current) + ' days')
