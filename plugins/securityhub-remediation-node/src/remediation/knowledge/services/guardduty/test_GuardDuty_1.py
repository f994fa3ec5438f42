import boto3

from handler_testing import HandlerTestCase

ENABLE = 'guardduty/GuardDuty.1-EnableGuardDuty.py'


class EnableGuardDutyTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.guardduty = boto3.client('guardduty')

    def test_creates_an_enabled_detector_where_there_is_none(self):
        result = self.run_handler(ENABLE, {})
        self.assertEqual(self.guardduty.list_detectors()['DetectorIds'], [result['DetectorId']])
        detector = self.guardduty.get_detector(DetectorId=result['DetectorId'])
        self.assertEqual(detector['Status'], 'ENABLED')

    def test_enables_the_existing_detector(self):
        detector_id = self.guardduty.create_detector(Enable=False)['DetectorId']
        self.assertEqual(self.guardduty.get_detector(DetectorId=detector_id)['Status'], 'DISABLED')
        self.assertEqual(self.run_handler(ENABLE, {}), {'DetectorId': detector_id})
        self.assertEqual(self.guardduty.list_detectors()['DetectorIds'], [detector_id])
        self.assertEqual(self.guardduty.get_detector(DetectorId=detector_id)['Status'], 'ENABLED')
