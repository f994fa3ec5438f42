import boto3
from botocore.exceptions import ClientError


def handler(events, context):
    macie = boto3.client('macie2')
    try:
        status = macie.get_macie_session()['status']
    except ClientError as error:
        if error.response['Error']['Code'] not in ('AccessDeniedException', 'ResourceNotFoundException'):
            raise
        status = None
    if status is None:
        macie.enable_macie(status='ENABLED')
        return {'Previous': 'NOT_ENABLED'}
    if status != 'ENABLED':
        macie.update_macie_session(status='ENABLED')
    return {'Previous': status}
