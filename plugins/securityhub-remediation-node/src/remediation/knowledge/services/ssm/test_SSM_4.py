import json

import boto3

from handler_testing import HandlerTestCase

PARSE = 'ssm/SSM.4-ParseDocumentName.py'
VERIFY = 'ssm/SSM.4-VerifyDocumentNotPublic.py'
CONTENT = json.dumps({
    'schemaVersion': '2.2',
    'description': 'test document',
    'mainSteps': [{'action': 'aws:runShellScript', 'name': 'hello',
                   'inputs': {'runCommand': ['echo hello']}}],
})


class DocumentSharingTest(HandlerTestCase):
    def setUp(self):
        super().setUp()
        self.ssm = boto3.client('ssm')
        self.ssm.create_document(Content=CONTENT, Name='ops-hello', DocumentType='Command')

    def test_parses_the_document_name_from_its_arn(self):
        arn = 'arn:aws:ssm:us-east-1:123456789012:document/ops-hello'
        self.assertEqual(self.run_handler(PARSE, {'DocumentArn': arn}), {'DocumentName': 'ops-hello'})

    def test_fails_while_the_document_is_public_and_passes_once_it_is_not(self):
        self.ssm.modify_document_permission(
            Name='ops-hello', PermissionType='Share', AccountIdsToAdd=['all'])
        with self.assertRaisesRegex(Exception, 'ops-hello is still shared publicly'):
            self.run_handler(VERIFY, {'DocumentName': 'ops-hello'})
        self.ssm.modify_document_permission(
            Name='ops-hello', PermissionType='Share', AccountIdsToRemove=['all'])
        self.ssm.modify_document_permission(
            Name='ops-hello', PermissionType='Share', AccountIdsToAdd=['111122223333'])
        self.assertEqual(self.run_handler(VERIFY, {'DocumentName': 'ops-hello'}),
                         {'SharedWith': ['111122223333']})
