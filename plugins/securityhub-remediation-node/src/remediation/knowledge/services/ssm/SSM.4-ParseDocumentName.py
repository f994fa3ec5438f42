def handler(events, context):
    return {'DocumentName': events['DocumentArn'].split(':document/', 1)[1]}
