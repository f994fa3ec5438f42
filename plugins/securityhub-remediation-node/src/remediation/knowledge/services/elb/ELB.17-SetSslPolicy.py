import boto3


def handler(events, context):
    elbv2 = boto3.client('elbv2')
    arn = events['ListenerArn']
    listener = elbv2.describe_listeners(ListenerArns=[arn])['Listeners'][0]
    if listener.get('Protocol') not in ('HTTPS', 'TLS'):
        raise Exception(arn + ' is a ' + str(listener.get('Protocol')) + ' listener, which has no security policy')
    if listener.get('SslPolicy') in events['Accepted']:
        return {'Changed': False, 'SslPolicy': listener['SslPolicy']}
    elbv2.modify_listener(ListenerArn=arn, SslPolicy=events['SslPolicy'])
    return {'Changed': True, 'SslPolicy': events['SslPolicy']}
