import boto3


def handler(events, context):
    client = boto3.client('elbv2')
    described = client.describe_load_balancer_attributes(LoadBalancerArn=events['LoadBalancerArn'])
    values = dict((item['Key'], item['Value']) for item in described['Attributes'])
    if values.get(events['Key']) not in events['Accepted']:
        raise Exception(events['Key'] + ' is ' + str(values.get(events['Key'])))
    return {'Value': values[events['Key']]}
