/**
 * Builders for RDS, DocumentDB and Neptune: the three share the RDS API
 * shapes (ModifyDBCluster, DescribeDBClusters, …), the `rds:` IAM prefix and
 * the `arn:…:rds:…:cluster:<id>` ARNs.
 */
import {
  apiCall,
  ARN,
  param,
  PATTERNS,
  permission,
  script,
  waitForProperty,
  verifyMinimumScript,
} from './helpers';
import type { AutomationStep, CuratedAutomation } from './types';

export type RdsFamilyService = 'rds' | 'docdb' | 'neptune';

interface Target {
  /** Document parameter holding the identifier. */
  parameter: 'DBInstanceIdentifier' | 'DBClusterIdentifier';
  resourceType: 'AwsRdsDbInstance' | 'AwsRdsDbCluster';
  describeApi: 'DescribeDBInstances' | 'DescribeDBClusters';
  modifyApi: 'ModifyDBInstance' | 'ModifyDBCluster';
  /** JSONPath of the one described resource. */
  selector: string;
  /** Python: key of the described list. */
  listKey: string;
  describeMethod: string;
  modifyMethod: string;
  arnType: 'db' | 'cluster';
  noun: string;
}

export const INSTANCE: Target = {
  parameter: 'DBInstanceIdentifier',
  resourceType: 'AwsRdsDbInstance',
  describeApi: 'DescribeDBInstances',
  modifyApi: 'ModifyDBInstance',
  selector: '$.DBInstances[0]',
  listKey: 'DBInstances',
  describeMethod: 'describe_db_instances',
  modifyMethod: 'modify_db_instance',
  arnType: 'db',
  noun: 'DB instance',
};

export const CLUSTER: Target = {
  parameter: 'DBClusterIdentifier',
  resourceType: 'AwsRdsDbCluster',
  describeApi: 'DescribeDBClusters',
  modifyApi: 'ModifyDBCluster',
  selector: '$.DBClusters[0]',
  listKey: 'DBClusters',
  describeMethod: 'describe_db_clusters',
  modifyMethod: 'modify_db_cluster',
  arnType: 'cluster',
  noun: 'DB cluster',
};

function identifierParameter(target: Target) {
  return {
    [target.parameter]: param(
      `Identifier of the ${target.noun}`,
      { from: 'resourceName' },
      PATTERNS.rdsIdentifier,
    ),
  };
}

function targetPermission(target: Target, why: string) {
  return permission(
    [`rds:${target.modifyApi}`, `rds:${target.describeApi}`],
    [ARN.rds(target.arnType, target.parameter)],
    why,
  );
}

interface SettingOptions {
  controlId: string;
  service: RdsFamilyService;
  target: Target;
  description: string;
  /** ModifyDB… inputs besides the identifier and ApplyImmediately. */
  change: Record<string, unknown>;
  /** Property of the described resource, e.g. `DeletionProtection`. */
  property: string;
  desiredValues: string[];
  caveats?: string[];
}

/** One setting changed with ApplyImmediately and waited for until it reads back. */
export function rdsSetting(options: SettingOptions): CuratedAutomation {
  const { target, service } = options;
  const id = { [target.parameter]: `{{ ${target.parameter} }}` };
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: target.resourceType,
    parameters: identifierParameter(target),
    steps: [
      apiCall(
        `Modify${target.parameter.slice(2, -10)}`,
        service,
        target.modifyApi,
        {
          ...id,
          ...options.change,
          ApplyImmediately: true,
        },
      ),
      waitForProperty(
        `Verify${options.property}`,
        service,
        target.describeApi,
        id,
        `${target.selector}.${options.property}`,
        options.desiredValues,
        1800,
      ),
    ],
    permissions: [
      targetPermission(
        target,
        `Change the setting of this one ${target.noun} and read it back.`,
      ),
    ],
    ...(options.caveats ? { caveats: options.caveats } : {}),
  };
}

/** Backup retention: raised to the minimum, never lowered. */
export function rdsBackupRetention(options: {
  controlId: string;
  service: RdsFamilyService;
  target: Target;
  minimumDays: number;
  caveats?: string[];
}): CuratedAutomation {
  const { target, service } = options;
  const raise = `
import boto3


def handler(events, context):
    client = boto3.client('${service}')
    identifier = events['Identifier']
    minimum = int(events['MinimumDays'])
    described = client.${target.describeMethod}(${target.parameter}=identifier)
    current = described['${target.listKey}'][0].get('BackupRetentionPeriod') or 0
    if current >= minimum:
        return {'Changed': False, 'BackupRetentionPeriod': current}
    client.${target.modifyMethod}(
        ${target.parameter}=identifier, BackupRetentionPeriod=minimum, ApplyImmediately=True)
    return {'Changed': True, 'BackupRetentionPeriod': minimum}
`;
  const verify = verifyMinimumScript(
    service,
    `client.${target.describeMethod}(${target.parameter}=identifier)['${target.listKey}'][0].get('BackupRetentionPeriod')`,
    'Backup retention',
  );
  const payload = {
    Identifier: `{{ ${target.parameter} }}`,
    MinimumDays: '{{ MinimumBackupRetentionDays }}',
  };
  return {
    controlId: options.controlId,
    description: `Raises the automated backup retention of the ${target.noun} to at least ${options.minimumDays} days (a longer retention is kept).`,
    resourceType: target.resourceType,
    parameters: {
      ...identifierParameter(target),
      MinimumBackupRetentionDays: {
        type: 'Integer',
        description: 'Minimum automated backup retention, in days',
        fill: { value: options.minimumDays },
      },
    },
    steps: [
      script('RaiseBackupRetention', raise, payload),
      script('VerifyBackupRetention', verify, payload),
    ],
    permissions: [
      targetPermission(
        target,
        `Read the backup retention of this one ${target.noun}, raise it and read it back.`,
      ),
    ],
    caveats: [
      'Storage for automated backups beyond the free allowance is charged.',
      ...(options.caveats ?? []),
    ],
  };
}

/** Manual (cluster) snapshot shared with everyone: removes the `all` restore permission. */
export function snapshotPrivate(options: {
  controlId: string;
  service: RdsFamilyService;
  cluster: boolean;
}): CuratedAutomation {
  const { service, cluster } = options;
  const prefix = cluster ? 'DBClusterSnapshot' : 'DBSnapshot';
  const parameter = `${prefix}Identifier`;
  const resourceType = cluster ? 'AwsRdsDbClusterSnapshot' : 'AwsRdsDbSnapshot';
  const detailField = cluster
    ? 'DbClusterSnapshotIdentifier'
    : 'DbSnapshotIdentifier';
  const describeMethod = cluster
    ? 'describe_db_cluster_snapshot_attributes'
    : 'describe_db_snapshot_attributes';
  const verify = `
import boto3


def handler(events, context):
    client = boto3.client('${service}')
    identifier = events['SnapshotIdentifier']
    result = client.${describeMethod}(${parameter}=identifier)['${prefix}AttributesResult']
    for attribute in result.get('${prefix}Attributes', []):
        if attribute.get('AttributeName') == 'restore' and 'all' in attribute.get('AttributeValues', []):
            raise Exception(identifier + ' is still restorable by all accounts')
    return {'Verified': True}
`;
  const steps: AutomationStep[] = [
    apiCall('RemovePublicRestore', service, `Modify${prefix}Attribute`, {
      [parameter]: `{{ ${parameter} }}`,
      AttributeName: 'restore',
      ValuesToRemove: ['all'],
    }),
    script('VerifySnapshotNotPublic', verify, {
      SnapshotIdentifier: `{{ ${parameter} }}`,
    }),
  ];
  return {
    controlId: options.controlId,
    description:
      'Removes the public ("all") restore permission from the manual snapshot; sharing with named accounts is kept.',
    resourceType,
    parameters: {
      [parameter]: param(
        'Identifier of the manual snapshot',
        { from: 'resourceDetail', path: `${resourceType}.${detailField}` },
        PATTERNS.rdsSnapshotIdentifier,
      ),
    },
    steps,
    permissions: [
      permission(
        [`rds:Modify${prefix}Attribute`, `rds:Describe${prefix}Attributes`],
        [ARN.rds(cluster ? 'cluster-snapshot' : 'snapshot', parameter)],
        'Change and read back the restore permission of this one snapshot.',
      ),
    ],
    caveats: [
      'Accounts that restored or copied the snapshot through its public sharing cannot do so any more; share it with them by account id if they need it.',
    ],
  };
}

/** Log exports turned on; verified by reading the list of exported log types. */
export function rdsLogExports(options: {
  controlId: string;
  /** Defaults to `rds`. */
  service?: RdsFamilyService;
  target: Target;
  logTypes: string[];
  engine: string;
  caveats?: string[];
}): CuratedAutomation {
  const { target } = options;
  const service = options.service ?? 'rds';
  const verify = `
import time

import boto3


def handler(events, context):
    client = boto3.client('${service}')
    identifier = events['Identifier']
    wanted = set(events['LogTypes'])
    exported = set()
    for _ in range(34):
        described = client.${target.describeMethod}(${target.parameter}=identifier)
        exported = set(described['${target.listKey}'][0].get('EnabledCloudwatchLogsExports', []))
        if wanted <= exported:
            return {'Exported': sorted(exported)}
        time.sleep(15)
    raise Exception(identifier + ' exports only ' + str(sorted(exported)))
`;
  return {
    controlId: options.controlId,
    description: `Publishes the ${options.logTypes.join(', ')} logs of the ${
      options.engine
    } ${target.noun} to CloudWatch Logs.`,
    resourceType: target.resourceType,
    parameters: identifierParameter(target),
    steps: [
      apiCall('EnableLogExports', service, target.modifyApi, {
        [target.parameter]: `{{ ${target.parameter} }}`,
        CloudwatchLogsExportConfiguration: { EnableLogTypes: options.logTypes },
        ApplyImmediately: true,
      }),
      script('VerifyLogExports', verify, {
        Identifier: `{{ ${target.parameter} }}`,
        LogTypes: options.logTypes,
      }),
    ],
    permissions: [
      targetPermission(
        target,
        `Turn on log exports of this one ${target.noun} and read them back.`,
      ),
    ],
    caveats: [
      `Only for ${options.engine}: other engines reject these log types and the automation fails without change.`,
      'CloudWatch Logs ingestion and storage are charged; the log groups RDS creates never expire until a retention is set.',
      ...(options.caveats ?? []),
    ],
  };
}
