import time

import boto3


def handler(events, context):
    client = boto3.client('docdb')
    identifier = events['Identifier']
    wanted = set(events['LogTypes'])
    exported = set()
    for _ in range(34):
        described = client.describe_db_clusters(DBClusterIdentifier=identifier)
        exported = set(described['DBClusters'][0].get('EnabledCloudwatchLogsExports', []))
        if wanted <= exported:
            return {'Exported': sorted(exported)}
        time.sleep(15)
    raise Exception(identifier + ' exports only ' + str(sorted(exported)))
