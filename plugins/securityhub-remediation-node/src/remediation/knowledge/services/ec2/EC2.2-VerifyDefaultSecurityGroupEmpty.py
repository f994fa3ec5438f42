import boto3


def handler(events, context):
    group_id = events['GroupId']
    ec2 = boto3.client('ec2')
    group = ec2.describe_security_groups(GroupIds=[group_id])['SecurityGroups'][0]
    remaining = len(group.get('IpPermissions', [])) + len(group.get('IpPermissionsEgress', []))
    if remaining:
        raise Exception(group_id + ' still has ' + str(remaining) + ' rule(s)')
    return {'Verified': True}
