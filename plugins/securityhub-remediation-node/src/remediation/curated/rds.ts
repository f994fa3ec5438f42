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
} from './helpers';
import {
  CLUSTER,
  INSTANCE,
  rdsBackupRetention,
  rdsLogExports,
  rdsSetting,
  snapshotPrivate,
} from './rdsFamily';
import type { CuratedAutomation } from './types';

const IAM_AUTH_CAVEATS = [
  'Password authentication keeps working; IAM authentication is added. Database users still need GRANT rds_iam (PostgreSQL) or the AWSAuthenticationPlugin (MySQL) to log in with IAM.',
  'Not supported by every engine and version (e.g. Oracle, SQL Server, Db2): those make the automation fail without change.',
];

// Log types each engine family exports (the lists of control RDS.9);
// Aurora instances take their exports from the cluster (RDS.34, RDS.37).
const ENGINE_LOG_TYPES = `
LOG_TYPES = {
    'mariadb': ['audit', 'error', 'general', 'slowquery'],
    'mysql': ['audit', 'error', 'general', 'slowquery'],
    'oracle': ['alert', 'audit', 'listener', 'trace'],
    'postgres': ['postgresql', 'upgrade'],
    'sqlserver': ['agent', 'error'],
}


def wanted_log_types(instance, engines):
    engine = instance['Engine']
    family = engine.split('-')[0]
    if family not in engines or family not in LOG_TYPES:
        raise Exception(instance['DBInstanceIdentifier'] + ' runs ' + engine + ', which this automation does not handle')
    if engine == 'sqlserver-ex':
        # SQL Server Express has no SQL Server Agent, hence no agent log.
        return ['error']
    return LOG_TYPES[family]
`;

const ENABLE_ENGINE_LOG_EXPORTS_SCRIPT = `
import boto3
${ENGINE_LOG_TYPES}

def handler(events, context):
    client = boto3.client('rds')
    identifier = events['Identifier']
    instance = client.describe_db_instances(DBInstanceIdentifier=identifier)['DBInstances'][0]
    wanted = wanted_log_types(instance, events['Engines'])
    exported = instance.get('EnabledCloudwatchLogsExports', [])
    missing = [log_type for log_type in wanted if log_type not in exported]
    if not missing:
        return {'Changed': False, 'Exported': exported}
    client.modify_db_instance(
        DBInstanceIdentifier=identifier,
        CloudwatchLogsExportConfiguration={'EnableLogTypes': missing},
        ApplyImmediately=True)
    return {'Changed': True, 'Enabled': missing}
`;

const VERIFY_ENGINE_LOG_EXPORTS_SCRIPT = `
import time

import boto3
${ENGINE_LOG_TYPES}

def handler(events, context):
    client = boto3.client('rds')
    identifier = events['Identifier']
    exported = set()
    for _ in range(34):
        instance = client.describe_db_instances(DBInstanceIdentifier=identifier)['DBInstances'][0]
        wanted = set(wanted_log_types(instance, events['Engines']))
        exported = set(instance.get('EnabledCloudwatchLogsExports', []))
        if wanted <= exported:
            return {'Exported': sorted(exported)}
        time.sleep(15)
    raise Exception(identifier + ' exports only ' + str(sorted(exported)))
`;

/** Instance log exports whose list depends on the engine, read at run time. */
function instanceEngineLogExports(options: {
  controlId: string;
  description: string;
  /** Engine families handled (first part of the engine name). */
  engines: string[];
  caveats: string[];
}): CuratedAutomation {
  const payload = {
    Identifier: '{{ DBInstanceIdentifier }}',
    Engines: options.engines,
  };
  return {
    controlId: options.controlId,
    description: options.description,
    resourceType: 'AwsRdsDbInstance',
    parameters: {
      DBInstanceIdentifier: param(
        'Identifier of the DB instance',
        { from: 'resourceName' },
        PATTERNS.rdsIdentifier,
      ),
    },
    steps: [
      script('EnableLogExports', ENABLE_ENGINE_LOG_EXPORTS_SCRIPT, payload),
      script('VerifyLogExports', VERIFY_ENGINE_LOG_EXPORTS_SCRIPT, payload),
    ],
    permissions: [
      permission(
        ['rds:DescribeDBInstances', 'rds:ModifyDBInstance'],
        [ARN.rds('db', 'DBInstanceIdentifier')],
        'Read the engine and log exports of this one DB instance, add the missing log types and read them back.',
      ),
    ],
    caveats: [
      ...options.caveats,
      'Only log types are added; exports already on are kept. CloudWatch Logs ingestion and storage are charged, and the log groups RDS creates never expire until a retention is set.',
    ],
  };
}

const LOG_CONTENT_CAVEAT =
  'Some logs only have content when the engine writes them: MySQL/MariaDB general and slow query logs need general_log/slow_query_log in the parameter group, the MySQL audit log needs the MARIADB_AUDIT_PLUGIN option; this automation changes neither.';

const FIND_PROXY_SCRIPT = `
import boto3


def handler(events, context):
    rds = boto3.client('rds')
    arguments = {}
    while True:
        page = rds.describe_db_proxies(**arguments)
        for proxy in page.get('DBProxies', []):
            if proxy['DBProxyArn'] == events['DBProxyArn']:
                return {'DBProxyName': proxy['DBProxyName']}
        if not page.get('Marker'):
            raise Exception('No DB proxy ' + events['DBProxyArn'])
        arguments['Marker'] = page['Marker']
`;

const COPY_TAGS_CAVEAT =
  'Tags of the cluster are copied to snapshots taken from now on; existing snapshots are unchanged.';

export const RDS_AUTOMATIONS: CuratedAutomation[] = [
  snapshotPrivate({ controlId: 'RDS.1', service: 'rds', cluster: false }),
  rdsSetting({
    controlId: 'RDS.2',
    service: 'rds',
    target: INSTANCE,
    description: 'Makes the DB instance not publicly accessible.',
    change: { PubliclyAccessible: false },
    property: 'PubliclyAccessible',
    desiredValues: FALSE,
    caveats: [
      'The instance endpoint stops resolving to a public IP address: clients connecting from the internet (outside the VPC, VPN or peering) lose access.',
    ],
  }),
  rdsSetting({
    controlId: 'RDS.7',
    service: 'rds',
    target: CLUSTER,
    description: 'Turns on deletion protection of the DB cluster.',
    change: { DeletionProtection: true },
    property: 'DeletionProtection',
    desiredValues: TRUE,
    caveats: [
      'Deleting the cluster (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
    ],
  }),
  rdsSetting({
    controlId: 'RDS.8',
    service: 'rds',
    target: INSTANCE,
    description: 'Turns on deletion protection of the DB instance.',
    change: { DeletionProtection: true },
    property: 'DeletionProtection',
    desiredValues: TRUE,
    caveats: [
      'Deleting the instance (including from CloudFormation or Terraform) fails until deletion protection is turned off again.',
    ],
  }),
  rdsSetting({
    controlId: 'RDS.10',
    service: 'rds',
    target: INSTANCE,
    description: 'Turns on IAM database authentication for the DB instance.',
    change: { EnableIAMDatabaseAuthentication: true },
    property: 'IAMDatabaseAuthenticationEnabled',
    desiredValues: TRUE,
    caveats: IAM_AUTH_CAVEATS,
  }),
  rdsBackupRetention({
    controlId: 'RDS.11',
    service: 'rds',
    target: INSTANCE,
    minimumDays: 7,
    caveats: [
      'Turning automated backups on for an instance that had none (retention 0) causes a brief outage and takes an immediate backup.',
    ],
  }),
  rdsSetting({
    controlId: 'RDS.12',
    service: 'rds',
    target: CLUSTER,
    description: 'Turns on IAM database authentication for the DB cluster.',
    change: { EnableIAMDatabaseAuthentication: true },
    property: 'IAMDatabaseAuthenticationEnabled',
    desiredValues: TRUE,
    caveats: IAM_AUTH_CAVEATS,
  }),
  rdsSetting({
    controlId: 'RDS.13',
    service: 'rds',
    target: INSTANCE,
    description:
      'Turns on automatic minor version upgrades of the DB instance.',
    change: { AutoMinorVersionUpgrade: true },
    property: 'AutoMinorVersionUpgrade',
    desiredValues: TRUE,
    caveats: [
      'Minor engine upgrades are applied automatically in the maintenance window, with a short restart.',
    ],
  }),
  rdsSetting({
    controlId: 'RDS.16',
    service: 'rds',
    target: CLUSTER,
    description:
      'Configures the Aurora DB cluster to copy its tags to snapshots.',
    change: { CopyTagsToSnapshot: true },
    property: 'CopyTagsToSnapshot',
    desiredValues: TRUE,
    caveats: [COPY_TAGS_CAVEAT],
  }),
  rdsSetting({
    controlId: 'RDS.17',
    service: 'rds',
    target: INSTANCE,
    description: 'Configures the DB instance to copy its tags to snapshots.',
    change: { CopyTagsToSnapshot: true },
    property: 'CopyTagsToSnapshot',
    desiredValues: TRUE,
    caveats: [
      'Tags of the instance are copied to snapshots taken from now on; existing snapshots are unchanged.',
    ],
  }),
  rdsSetting({
    controlId: 'RDS.35',
    service: 'rds',
    target: CLUSTER,
    description: 'Turns on automatic minor version upgrades of the DB cluster.',
    change: { AutoMinorVersionUpgrade: true },
    property: 'AutoMinorVersionUpgrade',
    desiredValues: TRUE,
    caveats: [
      'Minor engine upgrades are applied automatically in the maintenance window, with a short restart.',
      'Cluster types that do not take this setting at cluster level make the automation fail without change; set it on each DB instance then.',
    ],
  }),
  instanceEngineLogExports({
    controlId: 'RDS.9',
    description:
      'Publishes the logs of the DB instance to CloudWatch Logs (the log types of its engine: MySQL/MariaDB audit, error, general, slowquery; PostgreSQL postgresql, upgrade; Oracle alert, audit, listener, trace; SQL Server agent, error).',
    engines: ['mariadb', 'mysql', 'oracle', 'postgres', 'sqlserver'],
    caveats: [
      LOG_CONTENT_CAVEAT,
      'Aurora DB instances take their log exports from the DB cluster, and Db2 and RDS Custom are not handled: those make the automation fail without change.',
    ],
  }),
  rdsLogExports({
    controlId: 'RDS.34',
    target: CLUSTER,
    logTypes: ['audit'],
    engine: 'Aurora MySQL',
    caveats: [
      'Audit events are only written when advanced auditing is on (server_audit_logging in the DB cluster parameter group, control RDS.45); this automation does not change the parameter group.',
    ],
  }),
  rdsLogExports({
    controlId: 'RDS.36',
    target: INSTANCE,
    logTypes: ['postgresql'],
    engine: 'RDS for PostgreSQL',
  }),
  rdsLogExports({
    controlId: 'RDS.37',
    target: CLUSTER,
    logTypes: ['postgresql'],
    engine: 'Aurora PostgreSQL',
  }),
  instanceEngineLogExports({
    controlId: 'RDS.40',
    description:
      'Publishes the error and agent logs of the RDS for SQL Server DB instance to CloudWatch Logs (error only on Express edition, which has no agent).',
    engines: ['sqlserver'],
    caveats: [
      'Only for RDS for SQL Server: other engines make the automation fail without change.',
    ],
  }),
  instanceEngineLogExports({
    controlId: 'RDS.42',
    description:
      'Publishes the audit, error, general and slow query logs of the RDS for MariaDB DB instance to CloudWatch Logs.',
    engines: ['mariadb'],
    caveats: [
      'Only for RDS for MariaDB: other engines make the automation fail without change.',
      LOG_CONTENT_CAVEAT,
    ],
  }),
  {
    controlId: 'RDS.43',
    description: 'Requires TLS for all client connections to the RDS DB proxy.',
    resourceType: 'AwsRdsDbProxy',
    parameters: {
      DBProxyArn: param(
        'ARN of the DB proxy',
        { from: 'resourceId' },
        '^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:db-proxy:prx-[0-9a-z]{1,60}$',
      ),
    },
    steps: [
      script(
        'FindProxyName',
        FIND_PROXY_SCRIPT,
        { DBProxyArn: '{{ DBProxyArn }}' },
        [
          {
            Name: 'DBProxyName',
            Selector: '$.Payload.DBProxyName',
            Type: 'String',
          },
        ],
      ),
      apiCall('RequireTls', 'rds', 'ModifyDBProxy', {
        DBProxyName: '{{ FindProxyName.DBProxyName }}',
        RequireTLS: true,
      }),
      assertProperty(
        'VerifyRequireTls',
        'rds',
        'DescribeDBProxies',
        { DBProxyName: '{{ FindProxyName.DBProxyName }}' },
        '$.DBProxies[0].RequireTLS',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['rds:DescribeDBProxies'],
        [ARN.regional('rds', 'db-proxy:*')],
        'Find the name of the proxy from its ARN (the finding names it by resource id, the API by name) and read the setting back; listing proxies needs every proxy of the Region.',
      ),
      permission(
        ['rds:ModifyDBProxy'],
        [ARN.param('DBProxyArn')],
        'Require TLS on this one proxy.',
      ),
    ],
    caveats: [
      'Clients connecting to the proxy without TLS are refused from now on; connections between the proxy and the database are unchanged.',
    ],
  },
  rdsSetting({
    controlId: 'RDS.47',
    service: 'rds',
    target: CLUSTER,
    description:
      'Configures the RDS for PostgreSQL DB cluster to copy its tags to snapshots.',
    change: { CopyTagsToSnapshot: true },
    property: 'CopyTagsToSnapshot',
    desiredValues: TRUE,
    caveats: [COPY_TAGS_CAVEAT],
  }),
  rdsSetting({
    controlId: 'RDS.48',
    service: 'rds',
    target: CLUSTER,
    description:
      'Configures the RDS for MySQL DB cluster to copy its tags to snapshots.',
    change: { CopyTagsToSnapshot: true },
    property: 'CopyTagsToSnapshot',
    desiredValues: TRUE,
    caveats: [COPY_TAGS_CAVEAT],
  }),
];
