import boto3


def handler(events, context):
    elasticache = boto3.client('elasticache')
    cluster_id = events['CacheClusterId']
    minimum = int(events['MinimumDays'])
    cluster = elasticache.describe_cache_clusters(CacheClusterId=cluster_id)['CacheClusters'][0]
    if cluster['Engine'] not in ('redis', 'valkey'):
        raise Exception(cluster_id + ' runs ' + cluster['Engine'] + ', which has no automatic backups')
    group_id = cluster.get('ReplicationGroupId')
    if group_id:
        group = elasticache.describe_replication_groups(ReplicationGroupId=group_id)['ReplicationGroups'][0]
        current = group.get('SnapshotRetentionLimit') or 0
        if current >= minimum:
            return {'Changed': False, 'SnapshotRetentionLimit': current}
        elasticache.modify_replication_group(
            ReplicationGroupId=group_id, SnapshotRetentionLimit=minimum, ApplyImmediately=True)
        return {'Changed': True, 'ReplicationGroupId': group_id}
    current = cluster.get('SnapshotRetentionLimit') or 0
    if current >= minimum:
        return {'Changed': False, 'SnapshotRetentionLimit': current}
    elasticache.modify_cache_cluster(
        CacheClusterId=cluster_id, SnapshotRetentionLimit=minimum, ApplyImmediately=True)
    return {'Changed': True, 'CacheClusterId': cluster_id}
