import time

import boto3


def handler(events, context):
    elasticache = boto3.client('elasticache')
    cluster_id = events['CacheClusterId']
    minimum = int(events['MinimumDays'])
    current = 0
    for _ in range(34):
        cluster = elasticache.describe_cache_clusters(CacheClusterId=cluster_id)['CacheClusters'][0]
        current = cluster.get('SnapshotRetentionLimit') or 0
        group_id = cluster.get('ReplicationGroupId')
        if group_id:
            group = elasticache.describe_replication_groups(ReplicationGroupId=group_id)['ReplicationGroups'][0]
            current = group.get('SnapshotRetentionLimit') or 0
        if current >= minimum:
            return {'SnapshotRetentionLimit': current}
        time.sleep(15)
    raise Exception('Automatic backup retention of ' + cluster_id + ' is ' + str(current) + ' days')
