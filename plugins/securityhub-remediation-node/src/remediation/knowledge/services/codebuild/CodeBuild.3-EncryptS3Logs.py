import boto3


def handler(events, context):
    codebuild = boto3.client('codebuild')
    name = events['ProjectName']
    project = codebuild.batch_get_projects(names=[name])['projects'][0]
    logs = project.get('logsConfig', {})
    s3_logs = logs.get('s3', {})
    if s3_logs.get('status') != 'ENABLED' or not s3_logs.get('encryptionDisabled'):
        return {'Changed': False}
    s3_logs['encryptionDisabled'] = False
    logs['s3'] = s3_logs
    codebuild.update_project(name=name, logsConfig=logs)
    return {'Changed': True}
