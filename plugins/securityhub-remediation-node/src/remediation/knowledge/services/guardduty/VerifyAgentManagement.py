import boto3


def handler(events, context):
    guardduty = boto3.client('guardduty')
    detector = guardduty.get_detector(DetectorId=events['DetectorId'])
    for feature in detector.get('Features', []):
        if feature['Name'] not in ('RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'):
            continue
        if feature['Status'] != 'ENABLED':
            continue
        for configuration in feature.get('AdditionalConfiguration', []):
            if configuration['Name'] == events['Configuration'] and configuration['Status'] == 'ENABLED':
                return {'Feature': feature['Name']}
    raise Exception('Runtime Monitoring with ' + events['Configuration'] + ' is not enabled')
