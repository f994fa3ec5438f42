import boto3


def handler(events, context):
    rds = boto3.client('rds')
    arguments = {}
    while True:
        page = rds.describe_db_proxies(**arguments)
        for proxy in page.get('DBProxies', []):
            if proxy['DBProxyArn'] == events['DBProxyArn']:
                return {'DBProxyName': proxy['DBProxyName']}
        if not page.get('Marker'):
            raise Exception('No DB proxy ' + events['DBProxyArn'])
        arguments['Marker'] = page['Marker']
