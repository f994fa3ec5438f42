def handler(events, context):
    return {'FileSystemId': events['FileSystemArn'].split('/')[-1]}
