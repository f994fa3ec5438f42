import {
  apiCall,
  ARN,
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
  efsAutomaticBackups(
    'EFS.7',
    'Turns on automatic backups (AWS Backup default plan) of the EFS file system.',
  ),
  efsAutomaticBackups(
    'EFS.2',
    'Puts the EFS file system in a backup plan by turning on its automatic backups (AWS Backup default plan).',
  ),
  DMS_MULTI_AZ,
  FSX_OPENZFS_COPY_TAGS,
];
