import {
  apiCall,
  ARN,
  fixed,
  param,
  PATTERNS,
  permission,
  script,
  TRUE,
  waitForProperty,
} from './helpers';
import type { CuratedAutomation } from './types';

/** ElastiCache (Redis OSS / Valkey) clusters and replication groups. */
const ELASTICACHE_RAISE_BACKUPS_SCRIPT = `
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
`;

const ELASTICACHE_VERIFY_BACKUPS_SCRIPT = `
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
`;

const ELASTICACHE_BACKUPS: CuratedAutomation = {
  controlId: 'ElastiCache.1',
  description:
    'Turns on automatic backups of the ElastiCache (Valkey/Redis OSS) cluster, or of its replication group, with at least 1 day of retention (a longer retention is kept).',
  resourceType: 'AwsElastiCacheCacheCluster',
  parameters: {
    CacheClusterId: param(
      'Id of the ElastiCache cluster',
      {
        from: 'resourceDetail',
        path: 'AwsElastiCacheCacheCluster.CacheClusterId',
      },
      PATTERNS.elastiCacheId,
    ),
    MinimumDays: fixed('Minimum automatic backup retention, in days', 1),
  },
  steps: [
    script('EnableAutomaticBackups', ELASTICACHE_RAISE_BACKUPS_SCRIPT, {
      CacheClusterId: '{{ CacheClusterId }}',
      MinimumDays: '{{ MinimumDays }}',
    }),
    script('VerifyAutomaticBackups', ELASTICACHE_VERIFY_BACKUPS_SCRIPT, {
      CacheClusterId: '{{ CacheClusterId }}',
      MinimumDays: '{{ MinimumDays }}',
    }),
  ],
  permissions: [
    permission(
      ['elasticache:DescribeCacheClusters', 'elasticache:ModifyCacheCluster'],
      [ARN.regional('elasticache', 'cluster:${CacheClusterId}')],
      'Read the engine and backup retention of this one cache cluster and raise it when the cluster is standalone.',
    ),
    permission(
      [
        'elasticache:DescribeReplicationGroups',
        'elasticache:ModifyReplicationGroup',
      ],
      [ARN.regional('elasticache', 'replicationgroup:*')],
      'Raise and read back the retention on the replication group the cluster belongs to (backups of member clusters are set on the group, whose id is only known at run time).',
    ),
  ],
  caveats: [
    'A daily backup runs in the backup window; on nodes without enough reserved memory the fork of the backup can slow the primary, so take backups from a replica where possible.',
    'For a member of a replication group the retention is set on the group (all its clusters).',
    'Memcached clusters have no backups and make the automation fail without change.',
  ],
};

export const ELASTICACHE_AUTOMATIONS: CuratedAutomation[] = [
  ELASTICACHE_BACKUPS,
  {
    controlId: 'ElastiCache.2',
    description:
      'Turns on automatic minor version upgrades of the ElastiCache cluster.',
    resourceType: 'AwsElastiCacheCacheCluster',
    parameters: {
      CacheClusterId: param(
        'Id of the ElastiCache cluster',
        {
          from: 'resourceDetail',
          path: 'AwsElastiCacheCacheCluster.CacheClusterId',
        },
        PATTERNS.elastiCacheId,
      ),
    },
    steps: [
      apiCall(
        'EnableAutoMinorVersionUpgrade',
        'elasticache',
        'ModifyCacheCluster',
        {
          CacheClusterId: '{{ CacheClusterId }}',
          AutoMinorVersionUpgrade: true,
          ApplyImmediately: true,
        },
      ),
      waitForProperty(
        'VerifyAutoMinorVersionUpgrade',
        'elasticache',
        'DescribeCacheClusters',
        { CacheClusterId: '{{ CacheClusterId }}' },
        '$.CacheClusters[0].AutoMinorVersionUpgrade',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['elasticache:ModifyCacheCluster', 'elasticache:DescribeCacheClusters'],
        [ARN.regional('elasticache', 'cluster:${CacheClusterId}')],
        'Change and read back the setting of this one cache cluster.',
      ),
    ],
    caveats: [
      'Minor engine upgrades are applied in the maintenance window.',
      'A node of a Valkey/Redis OSS replication group may refuse the change at node level; change the replication group then (ModifyReplicationGroup).',
    ],
  },
  {
    controlId: 'ElastiCache.3',
    description:
      'Turns on automatic failover of the ElastiCache replication group.',
    resourceType: 'AwsElastiCacheReplicationGroup',
    parameters: {
      ReplicationGroupId: param(
        'Id of the ElastiCache replication group',
        {
          from: 'resourceDetail',
          path: 'AwsElastiCacheReplicationGroup.ReplicationGroupId',
        },
        PATTERNS.elastiCacheId,
      ),
    },
    steps: [
      apiCall(
        'EnableAutomaticFailover',
        'elasticache',
        'ModifyReplicationGroup',
        {
          ReplicationGroupId: '{{ ReplicationGroupId }}',
          AutomaticFailoverEnabled: true,
          ApplyImmediately: true,
        },
      ),
      waitForProperty(
        'VerifyAutomaticFailover',
        'elasticache',
        'DescribeReplicationGroups',
        { ReplicationGroupId: '{{ ReplicationGroupId }}' },
        '$.ReplicationGroups[0].AutomaticFailover',
        ['enabled'],
        1800,
      ),
    ],
    permissions: [
      permission(
        [
          'elasticache:ModifyReplicationGroup',
          'elasticache:DescribeReplicationGroups',
        ],
        [ARN.regional('elasticache', 'replicationgroup:${ReplicationGroupId}')],
        'Change and read back the setting of this one replication group.',
      ),
    ],
    caveats: [
      'Requires at least one replica: a group with a single node makes the automation fail without change (adding a replica is a sizing decision).',
      'On failure of the primary, a replica is promoted and the primary endpoint moves to it; clients must reconnect through the primary endpoint rather than node endpoints.',
    ],
  },
];
