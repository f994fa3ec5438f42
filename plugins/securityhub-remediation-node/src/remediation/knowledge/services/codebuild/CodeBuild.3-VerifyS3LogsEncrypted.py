import boto3


def handler(events, context):
    codebuild = boto3.client('codebuild')
    project = codebuild.batch_get_projects(names=[events['ProjectName']])['projects'][0]
    s3_logs = project.get('logsConfig', {}).get('s3', {})
    if s3_logs.get('status') == 'ENABLED' and s3_logs.get('encryptionDisabled'):
        raise Exception('S3 logs of ' + events['ProjectName'] + ' are still written unencrypted')
    return {'Verified': True}
