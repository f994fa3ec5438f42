import json

import boto3

from handler_testing import HandlerTestCase

ADD = 's3/S3.5-AddDenyInsecureTransport.py'
VERIFY = 's3/S3.5-VerifyDenyInsecureTransport.py'
EVENTS = {'BucketName': 'example-bucket', 'Partition': 'aws'}


class DenyInsecureTransportTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.s3 = boto3.client('s3')
        self.s3.create_bucket(Bucket='example-bucket')

    def statements(self):
        policy = self.s3.get_bucket_policy(Bucket='example-bucket')['Policy']
        return json.loads(policy)['Statement']

    def test_adds_the_statement_to_a_bucket_without_policy(self):
        self.assertEqual(self.run_handler(ADD, EVENTS), {'Changed': True})
        [statement] = self.statements()
        self.assertEqual(statement['Sid'], 'DenyInsecureTransport')
        self.assertEqual(statement['Effect'], 'Deny')
        self.assertEqual(statement['Condition'], {'Bool': {'aws:SecureTransport': 'false'}})
        self.assertEqual(statement['Resource'], [
            'arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'])
        self.assertEqual(self.run_handler(VERIFY, EVENTS), {'Verified': True})

    def test_keeps_existing_statements_and_adds_nothing_on_a_rerun(self):
        existing = {
            'Sid': 'ReadForAccount',
            'Effect': 'Allow',
            'Principal': {'AWS': 'arn:aws:iam::123456789012:root'},
            'Action': 's3:GetObject',
            'Resource': 'arn:aws:s3:::example-bucket/*',
        }
        self.s3.put_bucket_policy(Bucket='example-bucket', Policy=json.dumps(
            {'Version': '2012-10-17', 'Statement': existing}))
        self.assertEqual(self.run_handler(ADD, EVENTS), {'Changed': True})
        self.assertEqual(self.run_handler(ADD, EVENTS), {'Changed': False})
        sids = [statement['Sid'] for statement in self.statements()]
        self.assertEqual(sids, ['ReadForAccount', 'DenyInsecureTransport'])

    def test_verification_fails_without_the_statement(self):
        self.s3.put_bucket_policy(Bucket='example-bucket', Policy=json.dumps({
            'Version': '2012-10-17',
            'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject',
                           'Resource': 'arn:aws:s3:::example-bucket/*'}]}))
        with self.assertRaisesRegex(Exception, 'No statement denying'):
            self.run_handler(VERIFY, EVENTS)
