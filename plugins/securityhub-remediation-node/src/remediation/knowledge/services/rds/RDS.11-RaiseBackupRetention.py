import boto3


def handler(events, context):
    client = boto3.client('rds')
    identifier = events['Identifier']
    minimum = int(events['MinimumDays'])
    described = client.describe_db_instances(DBInstanceIdentifier=identifier)
    current = described['DBInstances'][0].get('BackupRetentionPeriod') or 0
    if current >= minimum:
        return {'Changed': False, 'BackupRetentionPeriod': current}
    client.modify_db_instance(
        DBInstanceIdentifier=identifier, BackupRetentionPeriod=minimum, ApplyImmediately=True)
    return {'Changed': True, 'BackupRetentionPeriod': minimum}
