import time

import boto3


def handler(events, context):
    client = boto3.client('redshift')
    identifier = events['Identifier']
    minimum = int(events['MinimumDays'])
    current = 0
    for _ in range(34):
        current = client.describe_clusters(ClusterIdentifier=identifier)['Clusters'][0].get('AutomatedSnapshotRetentionPeriod') or 0
        if current >= minimum:
            return {'Current': current}
        time.sleep(15)
    raise Exception('Automated snapshot retention of ' + identifier + ' is ' + str(current) + ' days')
