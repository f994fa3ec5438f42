import boto3


def handler(events, context):
    guardduty = boto3.client('guardduty')
    detector_ids = guardduty.list_detectors()['DetectorIds']
    if detector_ids:
        guardduty.update_detector(DetectorId=detector_ids[0], Enable=True)
        return {'DetectorId': detector_ids[0]}
    created = guardduty.create_detector(Enable=True)
    return {'DetectorId': created['DetectorId']}
