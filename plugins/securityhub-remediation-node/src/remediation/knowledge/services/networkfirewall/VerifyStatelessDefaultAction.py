import boto3


def handler(events, context):
    client = boto3.client('network-firewall')
    policy = client.describe_firewall_policy(FirewallPolicyArn=events['FirewallPolicyArn'])['FirewallPolicy']
    actions = policy.get(events['Setting'], [])
    if 'aws:drop' not in actions and 'aws:forward_to_sfe' not in actions:
        raise Exception(events['Setting'] + ' is ' + str(actions))
    return {'Actions': actions}
