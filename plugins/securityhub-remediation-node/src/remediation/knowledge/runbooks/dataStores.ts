import type { AwsRunbookRemediation, RunbookParameterValue } from '../types';
import {
  ASSUME_ROLE,
  RESOURCE_NAME,
  constant,
  detail,
  iam,
  operatorInput,
  runbookPage,
} from './shared';

const DBI_RESOURCE_ID = detail('DbiResourceId');
const CLUSTER_RESOURCE_ID = detail('DbClusterResourceId');
const RDS_INSTANCE_ACTIONS = iam(
  'rds:DescribeDBInstances',
  'rds:ModifyDBInstance',
);
const REDSHIFT_MODIFY_ACTIONS = iam(
  'redshift:DescribeClusters',
  'redshift:ModifyCluster',
);

const rdsInstance = (
  controlId: string,
  runbook: string,
  slug: string,
  parameters: Record<string, RunbookParameterValue>,
  rationale: string,
  requiredIamActions: readonly string[] = RDS_INSTANCE_ACTIONS,
): AwsRunbookRemediation => ({
  controlId,
  runbook,
  resourceType: 'AwsRdsDbInstance',
  parameters: { AutomationAssumeRole: ASSUME_ROLE, ...parameters },
  requiredIamActions,
  rationale,
  source: runbookPage(slug),
});

const redshiftCluster = (
  controlId: string,
  runbook: string,
  slug: string,
  parameters: Record<string, RunbookParameterValue>,
  rationale: string,
  requiredIamActions: readonly string[] = REDSHIFT_MODIFY_ACTIONS,
): AwsRunbookRemediation => ({
  controlId,
  runbook,
  resourceType: 'AwsRedshiftCluster',
  parameters: { AutomationAssumeRole: ASSUME_ROLE, ...parameters },
  requiredIamActions,
  rationale,
  source: runbookPage(slug),
});

/** RDS, Redshift, DynamoDB, Elastic Beanstalk. */
export const DATA_STORE_RUNBOOKS: readonly AwsRunbookRemediation[] = [
  rdsInstance(
    'RDS.2',
    'AWSConfigRemediation-DisablePublicAccessToRDSInstance',
    'automation-aws-disable-rds-instance-public-access',
    { DbInstanceResourceId: DBI_RESOURCE_ID },
    'Sets PubliclyAccessible to false so the endpoint resolves to a private address; clients connecting from the internet lose access.',
  ),
  rdsInstance(
    'RDS.5',
    'AWSConfigRemediation-EnableMultiAZOnRDSInstance',
    'automation-aws-multi-az-rds',
    { DbiResourceId: DBI_RESOURCE_ID, ApplyImmediately: constant(false) },
    'Converts the instance to Multi-AZ at the next maintenance window; the conversion roughly doubles instance cost and adds I/O load while the standby is built.',
  ),
  rdsInstance(
    'RDS.6',
    'AWSConfigRemediation-EnableEnhancedMonitoringOnRDSInstance',
    'automation-aws-enable-rds-monitoring',
    {
      ResourceId: DBI_RESOURCE_ID,
      MonitoringInterval: constant(60),
      MonitoringRoleArn: operatorInput(
        'Role trusted by monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole.',
      ),
    },
    'Enables Enhanced Monitoring at a 60 second granularity using the given monitoring role.',
  ),
  {
    controlId: 'RDS.7',
    runbook: 'AWSConfigRemediation-EnableRDSClusterDeletionProtection',
    resourceType: 'AwsRdsDbCluster',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      ClusterId: CLUSTER_RESOURCE_ID,
    },
    requiredIamActions: iam(
      'config:GetResourceConfigHistory',
      'rds:DescribeDBClusters',
      'rds:ModifyDBCluster',
    ),
    rationale:
      'Turns on deletion protection for the cluster; the runbook resolves the cluster through AWS Config, which must record RDS clusters.',
    source: runbookPage(
      'automation-aws-enable-rds-cluster-deletion-protection',
    ),
  },
  rdsInstance(
    'RDS.8',
    'AWSConfigRemediation-EnableRDSInstanceDeletionProtection',
    'automation-aws-enable-rds-instance-deletion-protection',
    { DbInstanceResourceId: DBI_RESOURCE_ID, ApplyImmediately: constant(true) },
    'Turns on deletion protection, which takes effect without downtime.',
  ),
  rdsInstance(
    'RDS.11',
    'AWSConfigRemediation-EnableRDSInstanceBackup',
    'automation-aws-enable-rds-instance-backup',
    { DbiResourceId: DBI_RESOURCE_ID, BackupRetentionPeriod: constant(7) },
    'Sets a 7 day automated backup retention period; changing retention from 0 causes a brief outage when applied.',
  ),
  rdsInstance(
    'RDS.13',
    'AWSConfigRemediation-EnableMinorVersionUpgradeOnRDSDBInstance',
    'automation-aws-enable-rds-minor-version',
    { DbiResourceId: DBI_RESOURCE_ID },
    'Sets AutoMinorVersionUpgrade so minor engine upgrades are applied in the maintenance window.',
  ),
  {
    controlId: 'RDS.16',
    runbook: 'AWSConfigRemediation-EnableCopyTagsToSnapshotOnRDSCluster',
    resourceType: 'AwsRdsDbCluster',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      DbClusterResourceId: CLUSTER_RESOURCE_ID,
      ApplyImmediately: constant(true),
    },
    requiredIamActions: iam(
      'config:GetResourceConfigHistory',
      'rds:DescribeDBClusters',
      'rds:ModifyDBCluster',
    ),
    rationale:
      'Sets CopyTagsToSnapshot on the cluster so snapshots inherit its tags; no restart is involved.',
    source: runbookPage('automation-aws-enable-tags-snapshot-rds-cluster'),
  },
  rdsInstance(
    'RDS.17',
    'AWSConfigRemediation-EnableCopyTagsToSnapshotOnRDSDBInstance',
    'automation-aws-enable-tags-snapshot-rds-instance',
    { DbiResourceId: DBI_RESOURCE_ID, ApplyImmediately: constant(true) },
    'Sets CopyTagsToSnapshot on the instance so snapshots inherit its tags; no restart is involved.',
    iam(
      'config:GetResourceConfigHistory',
      'rds:DescribeDBInstances',
      'rds:ModifyDBInstance',
    ),
  ),
  rdsInstance(
    'RDS.23',
    'AWSConfigRemediation-ModifyRDSInstancePortNumber',
    'automation-aws-modify-rds-port',
    {
      RDSDBInstanceResourceId: DBI_RESOURCE_ID,
      PortNumber: operatorInput(
        'Non-default port agreed with the application owners.',
      ),
    },
    'Moves the instance to a non-default port; every client connection string and security group rule must change with it, so schedule it with the application team.',
  ),
  redshiftCluster(
    'Redshift.1',
    'AWSConfigRemediation-DisablePublicAccessToRedshiftCluster',
    'automation-aws-disable-redshift-public-access',
    { ClusterIdentifier: RESOURCE_NAME },
    'Sets PubliclyAccessible to false on the cluster; BI tools connecting over the internet lose access.',
  ),
  redshiftCluster(
    'Redshift.2',
    'AWSConfigRemediation-EnforceSSLOnlyConnectionsToRedshiftCluster',
    'automation-aws-enforce-redshift-ssl-only',
    { ClusterIdentifer: RESOURCE_NAME },
    'Sets require_ssl in the cluster parameter group; it fails on the default parameter group and affects every cluster sharing a custom one, and needs a reboot to apply.',
    iam(
      'redshift:DescribeClusterParameters',
      'redshift:DescribeClusters',
      'redshift:ModifyClusterParameterGroup',
    ),
  ),
  redshiftCluster(
    'Redshift.3',
    'AWSConfigRemediation-EnableRedshiftClusterAutomatedSnapshot',
    'automation-aws-enable-redshift-snapshot',
    {
      ClusterIdentifer: RESOURCE_NAME,
      AutomatedSnapshotRetentionPeriod: constant(7),
    },
    'Sets a 7 day automated snapshot retention period on the cluster.',
  ),
  redshiftCluster(
    'Redshift.4',
    'AWSConfigRemediation-EnableRedshiftClusterAuditLogging',
    'automation-aws-enable-redshift-audit',
    {
      ClusterIdentifer: RESOURCE_NAME,
      BucketName: operatorInput(
        'S3 bucket whose policy lets Redshift write audit logs.',
      ),
    },
    'Enables audit logging to the chosen bucket.',
    iam(
      'redshift:DescribeLoggingStatus',
      'redshift:EnableLogging',
      's3:GetBucketAcl',
      's3:PutObject',
    ),
  ),
  redshiftCluster(
    'Redshift.6',
    'AWSConfigRemediation-ModifyRedshiftClusterMaintenanceSettings',
    'automation-aws-modify-redshift-maintenance',
    {
      ClusterIdentifer: RESOURCE_NAME,
      AllowVersionUpgrade: constant(true),
      AutomatedSnapshotRetentionPeriod: operatorInput(
        'Current snapshot retention (1-35 days); the runbook sets it too.',
      ),
      PreferredMaintenanceWindow: operatorInput(
        'Maintenance window such as sun:03:00-sun:03:30.',
      ),
    },
    'Sets AllowVersionUpgrade; the runbook also requires and overwrites retention and maintenance window, so pass the cluster’s current values.',
  ),
  redshiftCluster(
    'Redshift.7',
    'AWSConfigRemediation-EnableRedshiftClusterEnhancedVPCRouting',
    'automation-aws-enable-redshift-enhanced-routing',
    { ClusterIdentifer: RESOURCE_NAME },
    'Forces COPY and UNLOAD traffic through the VPC; loads from S3 then need a VPC endpoint or NAT route.',
  ),
  redshiftCluster(
    'Redshift.10',
    'AWSConfigRemediation-EnableRedshiftClusterEncryption',
    'automation-aws-enable-redshift-encrypt',
    {
      ClusterIdentifer: RESOURCE_NAME,
      KmsKeyArn: operatorInput('Customer managed KMS key for the cluster.'),
    },
    'Starts in-place encryption of the cluster with the key; the cluster is read-only while data is migrated, which can take hours.',
  ),
  {
    controlId: 'DynamoDB.2',
    runbook: 'AWSConfigRemediation-EnablePITRForDynamoDbTable',
    resourceType: 'AwsDynamoDbTable',
    parameters: { AutomationAssumeRole: ASSUME_ROLE, TableName: RESOURCE_NAME },
    requiredIamActions: iam(
      'dynamodb:DescribeContinuousBackups',
      'dynamodb:UpdateContinuousBackups',
    ),
    rationale:
      'Enables point-in-time recovery on the table; it is billed by table size.',
    source: runbookPage('automation-aws-enable-pitr-ddb'),
  },
  {
    controlId: 'ElasticBeanstalk.3',
    runbook:
      'AWSConfigRemediation-EnableElasticBeanstalkEnvironmentLogStreaming',
    resourceType: 'AwsElasticBeanstalkEnvironment',
    parameters: {
      AutomationAssumeRole: ASSUME_ROLE,
      EnvironmentId: detail('EnvironmentId'),
    },
    requiredIamActions: iam(
      'elasticbeanstalk:DescribeConfigurationSettings',
      'elasticbeanstalk:DescribeEnvironments',
      'elasticbeanstalk:UpdateEnvironment',
    ),
    rationale:
      'Turns on instance log streaming to CloudWatch Logs; the environment update can roll instances.',
    source: runbookPage('automation-aws-enable-eb-logging'),
  },
];
