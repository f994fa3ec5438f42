import boto3

REQUIRED_FLAGS = ['RequireUppercaseCharacters','RequireLowercaseCharacters','RequireSymbols','RequireNumbers']


def handler(events, context):
    iam = boto3.client('iam')
    try:
        current = iam.get_account_password_policy()['PasswordPolicy']
    except iam.exceptions.NoSuchEntityException:
        current = {}
    policy = dict((flag, True) for flag in REQUIRED_FLAGS)
    policy['MinimumPasswordLength'] = max(
        int(events['MinimumPasswordLength']), current.get('MinimumPasswordLength', 0))
    policy['PasswordReusePrevention'] = max(
        int(events['PasswordReusePrevention']), current.get('PasswordReusePrevention', 0))
    policy['AllowUsersToChangePassword'] = current.get('AllowUsersToChangePassword', True)
    if current.get('MaxPasswordAge'):
        policy['MaxPasswordAge'] = current['MaxPasswordAge']
    if current.get('HardExpiry') is not None:
        policy['HardExpiry'] = current['HardExpiry']
    iam.update_account_password_policy(**policy)
    return {'MinimumPasswordLength': policy['MinimumPasswordLength']}
