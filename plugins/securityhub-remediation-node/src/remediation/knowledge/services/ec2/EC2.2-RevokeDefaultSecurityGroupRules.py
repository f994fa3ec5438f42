import boto3


def handler(events, context):
    group_id = events['GroupId']
    ec2 = boto3.client('ec2')
    group = ec2.describe_security_groups(GroupIds=[group_id])['SecurityGroups'][0]
    if group['GroupName'] != 'default':
        raise Exception(group_id + ' is not a default security group')
    ingress = group.get('IpPermissions', [])
    egress = group.get('IpPermissionsEgress', [])
    if ingress:
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=ingress)
    if egress:
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=egress)
    return {'RevokedIngress': len(ingress), 'RevokedEgress': len(egress)}
