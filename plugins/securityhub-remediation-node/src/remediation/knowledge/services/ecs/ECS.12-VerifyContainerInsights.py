import boto3


def handler(events, context):
    ecs = boto3.client('ecs')
    cluster = ecs.describe_clusters(clusters=[events['ClusterArn']], include=['SETTINGS'])['clusters'][0]
    values = dict((setting['name'], setting['value']) for setting in cluster.get('settings', []))
    if values.get('containerInsights') not in ('enabled', 'enhanced'):
        raise Exception('containerInsights is ' + str(values.get('containerInsights')))
    return {'ContainerInsights': values['containerInsights']}
