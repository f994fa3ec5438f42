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

/** EFS.2 and EFS.7: the file system's automatic backups (default backup plan). */
function efsAutomaticBackups(
  controlId: string,
  description: string,
): CuratedAutomation {
  return {
    controlId,
    description,
    resourceType: 'AwsEfsFileSystem',
    parameters: {
      FileSystemArn: param(
        'ARN of the EFS file system',
        { from: 'resourceId' },
        '^arn:aws[a-z-]*:elasticfilesystem:[a-z0-9-]+:[0-9]{12}:file-system/fs-[0-9a-f]{8,40}$',
      ),
    },
    steps: [
      apiCall('EnableAutomaticBackups', 'efs', 'PutBackupPolicy', {
        FileSystemId: '{{ FileSystemArn }}',
        BackupPolicy: { Status: 'ENABLED' },
      }),
      waitForProperty(
        'VerifyAutomaticBackups',
        'efs',
        'DescribeBackupPolicy',
        { FileSystemId: '{{ FileSystemArn }}' },
        '$.BackupPolicy.Status',
        ['ENABLED'],
      ),
    ],
    permissions: [
      permission(
        [
          'elasticfilesystem:PutBackupPolicy',
          'elasticfilesystem:DescribeBackupPolicy',
        ],
        [ARN.param('FileSystemArn')],
        'Change and read back the backup policy of this one file system.',
      ),
    ],
    caveats: [
      'Daily backups with 35-day retention in the aws/efs/automatic-backup-vault vault are charged as AWS Backup storage.',
    ],
  };
}

const DMS_MULTI_AZ: CuratedAutomation = {
  controlId: 'DMS.13',
  description:
    'Converts the DMS replication instance to a Multi-AZ deployment (a standby in another Availability Zone).',
  resourceType: 'AwsDmsReplicationInstance',
  parameters: {
    ReplicationInstanceArn: param(
      'ARN of the DMS replication instance',
      { from: 'resourceId' },
      PATTERNS.dmsReplicationInstanceArn,
    ),
  },
  steps: [
    apiCall('EnableMultiAz', 'dms', 'ModifyReplicationInstance', {
      ReplicationInstanceArn: '{{ ReplicationInstanceArn }}',
      MultiAZ: true,
      ApplyImmediately: true,
    }),
    waitForProperty(
      'VerifyMultiAz',
      'dms',
      'DescribeReplicationInstances',
      {
        Filters: [
          {
            Name: 'replication-instance-arn',
            Values: ['{{ ReplicationInstanceArn }}'],
          },
        ],
      },
      '$.ReplicationInstances[0].MultiAZ',
      TRUE,
      1800,
    ),
  ],
  permissions: [
    permission(
      ['dms:ModifyReplicationInstance'],
      [ARN.param('ReplicationInstanceArn')],
      'Change the deployment of this one replication instance.',
    ),
    permission(
      ['dms:DescribeReplicationInstances'],
      ['*'],
      'Read the setting back; DescribeReplicationInstances supports no resource-level permissions.',
    ),
  ],
  caveats: [
    'The instance is charged as Multi-AZ from now on (roughly twice the single-AZ price, compute and storage).',
    'The conversion runs immediately rather than in the maintenance window; replication tasks may pause briefly while the standby is created.',
  ],
};

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

const FSX_PARSE_ID_SCRIPT = `
def handler(events, context):
    return {'FileSystemId': events['FileSystemArn'].split('/')[-1]}
`;

const FSX_ID = '{{ ParseFileSystemId.FileSystemId }}';

const FSX_OPENZFS_COPY_TAGS: CuratedAutomation = {
  controlId: 'FSx.1',
  description:
    'Configures the FSx for OpenZFS file system to copy its tags to backups and to volumes.',
  resourceType: 'AwsFSxFileSystem',
  parameters: {
    FileSystemArn: param(
      'ARN of the FSx for OpenZFS file system',
      { from: 'resourceId' },
      '^arn:aws[a-z-]*:fsx:[a-z0-9-]+:[0-9]{12}:file-system/fs-[0-9a-f]{8,17}$',
    ),
  },
  steps: [
    script(
      'ParseFileSystemId',
      FSX_PARSE_ID_SCRIPT,
      { FileSystemArn: '{{ FileSystemArn }}' },
      [
        {
          Name: 'FileSystemId',
          Selector: '$.Payload.FileSystemId',
          Type: 'String',
        },
      ],
    ),
    apiCall('EnableCopyTags', 'fsx', 'UpdateFileSystem', {
      FileSystemId: FSX_ID,
      OpenZFSConfiguration: {
        CopyTagsToBackups: true,
        CopyTagsToVolumes: true,
      },
    }),
    ...['CopyTagsToBackups', 'CopyTagsToVolumes'].map(setting =>
      waitForProperty(
        `Verify${setting}`,
        'fsx',
        'DescribeFileSystems',
        { FileSystemIds: [FSX_ID] },
        `$.FileSystems[0].OpenZFSConfiguration.${setting}`,
        TRUE,
      ),
    ),
  ],
  permissions: [
    permission(
      ['fsx:UpdateFileSystem', 'fsx:DescribeFileSystems'],
      [ARN.param('FileSystemArn')],
      'Change and read back the settings of this one file system.',
    ),
  ],
  caveats: [
    'Tags of the file system are copied to backups and volumes created from now on (when those are created without tags of their own); existing backups and volumes are unchanged.',
    'Only for FSx for OpenZFS: other file system types make the automation fail without change.',
  ],
};
export const DATA_SERVICE_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'DMS.6',
    description:
      'Turns on automatic minor version upgrades of the DMS replication instance.',
    resourceType: 'AwsDmsReplicationInstance',
    parameters: {
      ReplicationInstanceArn: param(
        'ARN of the DMS replication instance',
        { from: 'resourceId' },
        PATTERNS.dmsReplicationInstanceArn,
      ),
    },
    steps: [
      apiCall(
        'EnableAutoMinorVersionUpgrade',
        'dms',
        'ModifyReplicationInstance',
        {
          ReplicationInstanceArn: '{{ ReplicationInstanceArn }}',
          AutoMinorVersionUpgrade: true,
          ApplyImmediately: true,
        },
      ),
      waitForProperty(
        'VerifyAutoMinorVersionUpgrade',
        'dms',
        'DescribeReplicationInstances',
        {
          Filters: [
            {
              Name: 'replication-instance-arn',
              Values: ['{{ ReplicationInstanceArn }}'],
            },
          ],
        },
        '$.ReplicationInstances[0].AutoMinorVersionUpgrade',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['dms:ModifyReplicationInstance'],
        [ARN.param('ReplicationInstanceArn')],
        'Change the setting of this one replication instance.',
      ),
      permission(
        ['dms:DescribeReplicationInstances'],
        ['*'],
        'Read the setting back; DescribeReplicationInstances supports no resource-level permissions.',
      ),
    ],
    caveats: [
      'Minor engine upgrades are applied in the maintenance window and interrupt running replication tasks briefly.',
    ],
  },
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
  efsAutomaticBackups(
    'EFS.7',
    'Turns on automatic backups (AWS Backup default plan) of the EFS file system.',
  ),
  efsAutomaticBackups(
    'EFS.2',
    'Puts the EFS file system in a backup plan by turning on its automatic backups (AWS Backup default plan).',
  ),
  DMS_MULTI_AZ,
  ELASTICACHE_BACKUPS,
  FSX_OPENZFS_COPY_TAGS,
];
