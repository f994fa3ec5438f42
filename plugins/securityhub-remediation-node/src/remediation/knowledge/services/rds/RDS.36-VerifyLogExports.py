import time

import boto3


def handler(events, context):
    client = boto3.client('rds')
    identifier = events['Identifier']
    wanted = set(events['LogTypes'])
    exported = set()
    for _ in range(34):
        described = client.describe_db_instances(DBInstanceIdentifier=identifier)
        exported = set(described['DBInstances'][0].get('EnabledCloudwatchLogsExports', []))
        if wanted <= exported:
            return {'Exported': sorted(exported)}
        time.sleep(15)
    raise Exception(identifier + ' exports only ' + str(sorted(exported)))
