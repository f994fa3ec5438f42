import boto3


def handler(events, context):
    client = boto3.client('elb')
    described = client.describe_load_balancer_attributes(LoadBalancerName=events['LoadBalancerName'])
    additional = described['LoadBalancerAttributes'].get('AdditionalAttributes', [])
    values = dict((item['Key'], item['Value']) for item in additional)
    mode = values.get('elb.http.desyncmitigationmode')
    if mode not in ('defensive', 'strictest'):
        raise Exception('Desync mitigation mode is ' + str(mode))
    return {'Mode': mode}
