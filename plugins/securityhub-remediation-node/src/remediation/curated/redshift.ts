import {
  apiCall,
  ARN,
  assertProperty,
  FALSE,
  param,
  PATTERNS,
  permission,
  script,
  TRUE,
  waitForProperty,
  verifyMinimumScript,
} from './helpers';
import type { CuratedAutomation } from './types';

const CLUSTER = {
  ClusterIdentifier: param(
    'Identifier of the Amazon Redshift cluster',
    { from: 'resourceName' },
    PATTERNS.redshiftCluster,
  ),
};
const CLUSTER_ARN = ARN.regional('redshift', 'cluster:${ClusterIdentifier}');
const ID = { ClusterIdentifier: '{{ ClusterIdentifier }}' };

function clusterSetting(options: {
  controlId: string;
  description: string;
  change: Record<string, unknown>;
  property: string;
  desiredValues: string[];
  caveats: string[];
}): CuratedAutomation {
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsRedshiftCluster',
    parameters: CLUSTER,
    steps: [
      apiCall('ModifyCluster', 'redshift', 'ModifyCluster', {
        ...ID,
        ...options.change,
      }),
      waitForProperty(
        `Verify${options.property}`,
        'redshift',
        'DescribeClusters',
        ID,
        `$.Clusters[0].${options.property}`,
        options.desiredValues,
        1800,
      ),
    ],
    permissions: [
      permission(
        ['redshift:ModifyCluster', 'redshift:DescribeClusters'],
        [CLUSTER_ARN],
        'Change the setting of this one cluster and read it back.',
      ),
    ],
    caveats: options.caveats,
  };
}

const RAISE_SNAPSHOT_RETENTION_SCRIPT = `
import boto3


def handler(events, context):
    redshift = boto3.client('redshift')
    identifier = events['ClusterIdentifier']
    minimum = int(events['MinimumDays'])
    cluster = redshift.describe_clusters(ClusterIdentifier=identifier)['Clusters'][0]
    current = cluster.get('AutomatedSnapshotRetentionPeriod') or 0
    if current >= minimum:
        return {'Changed': False, 'RetentionDays': current}
    redshift.modify_cluster(ClusterIdentifier=identifier, AutomatedSnapshotRetentionPeriod=minimum)
    return {'Changed': True, 'RetentionDays': minimum}
`;

const VERIFY_SNAPSHOT_RETENTION_SCRIPT = verifyMinimumScript(
  'redshift',
  "client.describe_clusters(ClusterIdentifier=identifier)['Clusters'][0].get('AutomatedSnapshotRetentionPeriod')",
  'Automated snapshot retention',
);

export const REDSHIFT_AUTOMATIONS: CuratedAutomation[] = [
  clusterSetting({
    controlId: 'Redshift.1',
    description: 'Makes the Amazon Redshift cluster not publicly accessible.',
    change: { PubliclyAccessible: false },
    property: 'PubliclyAccessible',
    desiredValues: FALSE,
    caveats: [
      'The cluster endpoint stops resolving to a public IP address: clients connecting from the internet (outside the VPC, VPN or peering) lose access.',
    ],
  }),
  {
    controlId: 'Redshift.3',
    description:
      'Raises the automated snapshot retention of the Amazon Redshift cluster to at least 7 days (a longer retention is kept).',
    resourceType: 'AwsRedshiftCluster',
    parameters: {
      ...CLUSTER,
      MinimumDays: {
        type: 'Integer',
        description: 'Minimum automated snapshot retention, in days',
        fill: { value: 7 },
      },
    },
    steps: [
      script('RaiseSnapshotRetention', RAISE_SNAPSHOT_RETENTION_SCRIPT, {
        ClusterIdentifier: '{{ ClusterIdentifier }}',
        MinimumDays: '{{ MinimumDays }}',
      }),
      script('VerifySnapshotRetention', VERIFY_SNAPSHOT_RETENTION_SCRIPT, {
        Identifier: '{{ ClusterIdentifier }}',
        MinimumDays: '{{ MinimumDays }}',
      }),
    ],
    permissions: [
      permission(
        ['redshift:DescribeClusters', 'redshift:ModifyCluster'],
        [CLUSTER_ARN],
        'Read, raise and read back the snapshot retention of this one cluster.',
      ),
    ],
    caveats: [
      'Automated snapshot storage beyond the free allowance (provisioned storage size) is charged.',
    ],
  },
  {
    controlId: 'Redshift.4',
    description:
      'Turns on audit logging of the Amazon Redshift cluster to CloudWatch Logs (connection, user and user activity logs).',
    resourceType: 'AwsRedshiftCluster',
    parameters: CLUSTER,
    steps: [
      apiCall('EnableAuditLogging', 'redshift', 'EnableLogging', {
        ...ID,
        LogDestinationType: 'cloudwatch',
        LogExports: ['connectionlog', 'userlog', 'useractivitylog'],
      }),
      assertProperty(
        'VerifyAuditLogging',
        'redshift',
        'DescribeLoggingStatus',
        ID,
        '$.LoggingEnabled',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['redshift:EnableLogging', 'redshift:DescribeLoggingStatus'],
        [CLUSTER_ARN],
        'Turn on and read back audit logging of this one cluster.',
      ),
    ],
    caveats: [
      'Logs go to CloudWatch Logs groups /aws/redshift/cluster/<cluster>/<log type>, charged by ingestion and storage; no S3 bucket is involved.',
      'The user activity log only has content once the enable_user_activity_logging parameter of the cluster parameter group is true.',
    ],
  },
  clusterSetting({
    controlId: 'Redshift.6',
    description:
      'Allows automatic major version upgrades of the Amazon Redshift cluster in its maintenance window.',
    change: { AllowVersionUpgrade: true },
    property: 'AllowVersionUpgrade',
    desiredValues: TRUE,
    caveats: [
      'Major engine upgrades are applied in the maintenance window, with a short restart.',
    ],
  }),
];
