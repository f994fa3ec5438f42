import time

import boto3

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
