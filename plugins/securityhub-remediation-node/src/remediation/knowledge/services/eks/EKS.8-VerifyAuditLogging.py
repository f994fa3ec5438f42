import time

import boto3


def audit_enabled(cluster):
    for entry in cluster.get('logging', {}).get('clusterLogging', []):
        if entry.get('enabled') and 'audit' in entry.get('types', []):
            return True
    return False


def handler(events, context):
    eks = boto3.client('eks')
    for _ in range(34):
        cluster = eks.describe_cluster(name=events['ClusterName'])['cluster']
        if audit_enabled(cluster):
            return {'Audit': True}
        time.sleep(15)
    raise Exception('Audit logging of ' + events['ClusterName'] + ' is not enabled')
