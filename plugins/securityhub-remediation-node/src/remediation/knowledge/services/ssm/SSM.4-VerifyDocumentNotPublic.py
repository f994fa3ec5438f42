import boto3


def handler(events, context):
    ssm = boto3.client('ssm')
    described = ssm.describe_document_permission(Name=events['DocumentName'], PermissionType='Share')
    if 'all' in [account.lower() for account in described.get('AccountIds', [])]:
        raise Exception(events['DocumentName'] + ' is still shared publicly')
    return {'SharedWith': described.get('AccountIds', [])}
