import boto3


def handler(events, context):
    guardduty = boto3.client('guardduty')
    detector = guardduty.get_detector(DetectorId=events['DetectorId'])
    for feature in detector.get('Features', []):
        if feature['Name'] == events['Feature']:
            if feature['Status'] != 'ENABLED':
                raise Exception(events['Feature'] + ' is ' + feature['Status'])
            return {'Status': feature['Status']}
    raise Exception(events['Feature'] + ' is not reported by the detector')
