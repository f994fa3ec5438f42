import boto3


def handler(events, context):
    client = boto3.client('network-firewall')
    arn = events['FirewallPolicyArn']
    key = events['Setting']
    described = client.describe_firewall_policy(FirewallPolicyArn=arn)
    policy = described['FirewallPolicy']
    actions = policy.get(key, [])
    if 'aws:pass' not in actions:
        return {'Changed': False, 'Actions': actions}
    policy[key] = ['aws:forward_to_sfe' if action == 'aws:pass' else action for action in actions]
    arguments = {'UpdateToken': described['UpdateToken'], 'FirewallPolicyArn': arn, 'FirewallPolicy': policy}
    response = described['FirewallPolicyResponse']
    if response.get('Description'):
        arguments['Description'] = response['Description']
    if response.get('EncryptionConfiguration'):
        arguments['EncryptionConfiguration'] = response['EncryptionConfiguration']
    client.update_firewall_policy(**arguments)
    return {'Changed': True, 'Actions': policy[key]}
