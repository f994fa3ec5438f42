import boto3

from handler_testing import HandlerTestCase

START = 'kinesis/Kinesis.1-StartEncryption.py'


class StreamEncryptionTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.kinesis = boto3.client('kinesis')
        self.kinesis.create_stream(StreamName='orders', ShardCount=1)
        self.arn = self.summary()['StreamARN']
        self.key_id = boto3.client('kms').create_key()['KeyMetadata']['KeyId']

    def summary(self):
        return self.kinesis.describe_stream_summary(StreamName='orders')['StreamDescriptionSummary']

    def test_encrypts_an_unencrypted_stream_once(self):
        events = {'StreamArn': self.arn, 'KeyId': self.key_id}
        self.assertEqual(self.run_handler(START, events), {'Changed': True, 'KeyId': self.key_id})
        self.assertEqual(self.summary()['EncryptionType'], 'KMS')
        self.assertEqual(self.summary()['KeyId'], self.key_id)
        # A rerun with another key keeps the stream's key.
        other = {'StreamArn': self.arn, 'KeyId': 'alias/aws/kinesis'}
        self.assertEqual(self.run_handler(START, other), {'Changed': False, 'KeyId': self.key_id})
        self.assertEqual(self.summary()['KeyId'], self.key_id)
